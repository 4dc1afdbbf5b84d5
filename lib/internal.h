/* SPDX-License-Identifier: MIT */
#ifndef NGIO_INTERNAL_H
#define NGIO_INTERNAL_H

#include <limits.h>

#include "ngio.h"

struct ngio_queue {
	struct io_uring ring;
	unsigned depth;
	unsigned inflight;	/* prepared or submitted, not yet reaped */
};

struct ngio_dev {
	int fd;			/* ng node, -1 for a controller */
	int ctrl_fd;
	struct ngio_queue *sync_q;	/* for the synchronous helpers */
	struct ngio_geometry geom;
	char ng_path[PATH_MAX];
	char blk_path[PATH_MAX];
	char ctrl_path[PATH_MAX];
	struct nvme_id_ctrl id_ctrl;
	struct nvme_id_ns id_ns;
};

#endif
