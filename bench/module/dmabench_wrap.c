// SPDX-License-Identifier: GPL-2.0
/* dmabench in wrap mode: the same source, built with runtime/dmatrack_wrap.h. */
#include "dmabench.c"
