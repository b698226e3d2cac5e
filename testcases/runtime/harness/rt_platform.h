/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every platform-device test module of testcases/runtime/ shares: a
 * platform device named after the module, with a 64-bit DMA mask, and the
 * module's platform driver bound to it.  The module's probe runs the
 * scenario; removing the module unbinds the driver, which is where the
 * tracker checks for leaks.
 *
 *     static int foo_probe(struct platform_device *pdev) { ... }
 *     static void foo_remove(struct platform_device *pdev) { ... }
 *     RT_PLATFORM_MODULE(foo_probe, foo_remove);
 */
#ifndef RT_PLATFORM_H
#define RT_PLATFORM_H

#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define RT_REMOVE_FIELD(fn) .remove = fn
#define RT_REMOVE_WRAPPER(fn)
#else
#define RT_REMOVE_FIELD(fn) .remove = fn##_int
#define RT_REMOVE_WRAPPER(fn)						\
	static int fn##_int(struct platform_device *pdev)		\
	{								\
		fn(pdev);						\
		return 0;						\
	}
#endif

#define RT_PLATFORM_MODULE(probe_fn, remove_fn)				\
	RT_REMOVE_WRAPPER(remove_fn)					\
	static struct platform_driver rt_driver = {			\
		.probe = probe_fn,					\
		RT_REMOVE_FIELD(remove_fn),				\
		.driver = { .name = KBUILD_MODNAME },			\
	};								\
	static struct platform_device *rt_pdev;				\
	static int __init rt_init(void)					\
	{								\
		struct platform_device_info info = {			\
			.name = KBUILD_MODNAME,				\
			.id = PLATFORM_DEVID_NONE,			\
			.dma_mask = DMA_BIT_MASK(64),			\
		};							\
		int err = platform_driver_register(&rt_driver);		\
									\
		if (err)						\
			return err;					\
		rt_pdev = platform_device_register_full(&info);		\
		if (IS_ERR(rt_pdev)) {					\
			platform_driver_unregister(&rt_driver);		\
			return PTR_ERR(rt_pdev);			\
		}							\
		return 0;						\
	}								\
	static void __exit rt_exit(void)				\
	{								\
		platform_device_unregister(rt_pdev);			\
		platform_driver_unregister(&rt_driver);			\
	}								\
	module_init(rt_init);						\
	module_exit(rt_exit);						\
	MODULE_LICENSE("GPL")

#endif
