/* SPDX-License-Identifier: GPL-2.0 */
#ifndef DMC_VERSION_H
#define DMC_VERSION_H
#define DMC_NAME "dmacheck"
#define DMC_VERSION "0.1.0"
#endif
