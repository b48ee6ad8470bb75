/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM atc_inject

#if !defined(ATC_INJECT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define ATC_INJECT_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>

/* One device-TLB invalidation for the target, as the site saw it. */
TRACE_EVENT(atc_inject_devtlb,
	    TP_PROTO(u64 seq, u32 sid, bool injected, long ret),
	    TP_ARGS(seq, sid, injected, ret),
	    TP_STRUCT__entry(__field(u64, seq)
			     __field(u32, sid)
			     __field(bool, injected)
			     __field(long, ret)),
	    TP_fast_assign(__entry->seq = seq;
			   __entry->sid = sid;
			   __entry->injected = injected;
			   __entry->ret = ret;),
	    TP_printk("seq=%llu sid=0x%04x injected=%d ret=%ld",
		      __entry->seq, __entry->sid, __entry->injected,
		      __entry->ret)
);

/*
 * Everything else: arm, disarm, PCI and IOMMU entry points, driver
 * callbacks. Fixed-size names keep the event the same on every kernel.
 */
TRACE_EVENT(atc_inject_event,
	    TP_PROTO(const char *name, const char *detail, s64 val),
	    TP_ARGS(name, detail, val),
	    TP_STRUCT__entry(__array(char, name, 24)
			     __array(char, detail, 32)
			     __field(s64, val)),
	    TP_fast_assign(strscpy(__entry->name, name, 24);
			   strscpy(__entry->detail, detail, 32);
			   __entry->val = val;),
	    TP_printk("%s %s %lld", __entry->name, __entry->detail,
		      __entry->val)
);

#endif /* ATC_INJECT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
