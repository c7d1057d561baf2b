// One browser test at a time. Each starts its own server(s) and up to three Chromium contexts; side by side on a
// 2-core machine they mostly measured how the machine copes with all of them at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
