// One browser test at a time. Each starts its own server(s) and up to three Chromium contexts; run side by side on a
// 2-core machine they starved each other (a save once took over a minute under a load average of 18), which tested
// the machine rather than FactDesk.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
