/*
 * caps.c - step 7: drop every capability for good.
 *
 * Assumes: init after the mounts, holding the capabilities of its user
 * namespace (CAP_SETPCAP among them, needed to lock the securebits and to
 * shrink the bounding set).
 * Guarantees: bounding, ambient, inheritable, permitted and effective sets
 * are empty; securebits keep them so across execve (NOROOT, NO_SETUID_FIXUP,
 * KEEP_CAPS off, NO_CAP_AMBIENT_RAISE, all locked); no_new_privs is set.
 */
#include "caps.h"

#include <errno.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "diag.h"

#define STEP "capabilities"

void
caps_drop(void)
{
	unsigned secbits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
			   SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
			   SECBIT_KEEP_CAPS_LOCKED |
			   SECBIT_NO_CAP_AMBIENT_RAISE |
			   SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	cap_t empty;
	cap_value_t c;

	if (cap_set_secbits(secbits) < 0)
		setup_failx(STEP, NULL, "cannot lock the securebits: %s",
			    strerror(errno));
	/* Up to the last capability this kernel knows, not the headers:
	 * libcap found that number once when it was loaded (by
	 * PR_CAPBSET_READ), so no probe per capability here.  verify.c reads
	 * CapBnd back from the kernel, should it ever be short. */
	for (c = 0; c < (cap_value_t)cap_max_bits(); c++) {
		if (cap_drop_bound(c) < 0)
			setup_failx(STEP, NULL, "cannot drop %s from the bounding "
				    "set: %s", cap_to_name(c), strerror(errno));
	}
	if (cap_reset_ambient() < 0)
		setup_failx(STEP, NULL, "cannot clear the ambient set: %s",
			    strerror(errno));
	empty = cap_init();
	if (!empty || cap_set_proc(empty) < 0)
		setup_failx(STEP, NULL, "cannot clear the capability sets: %s",
			    strerror(errno));
	cap_free(empty);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		setup_failx(STEP, NULL, "cannot set no_new_privs: %s",
			    strerror(errno));
}
