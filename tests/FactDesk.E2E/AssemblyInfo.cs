// One browser test at a time. Each starts its own server(s) and up to three Chromium contexts; run side by side on a
// 2-core machine they starved each other (one save took over 30 s under a load average of 18, another over a minute
// in CI), which tested the machine rather than FactDesk.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
