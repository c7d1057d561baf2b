using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FactDesk.Core.Import;

/// <summary>
/// Processor time the calling thread has used. A page's reading limit counts this rather than the wall clock: on a machine
/// shared by many processes the wall clock runs several times faster than the work, and real pages were refused for it.
/// </summary>
internal static partial class ThreadCpuTime
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int LinuxThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID
    private const int MacThreadCpuClock = 16;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("kernel32.dll")]
    private static partial IntPtr GetCurrentThread();

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);

    private static readonly bool Available = Probe();

    /// <summary>Whether the operating system reports the thread's time; elsewhere <see cref="Stopwatch"/> stands in.</summary>
    public static bool IsAvailable => Available;

    /// <summary>A clock of the calling thread's processor time, or of the wall clock where the system does not report it.</summary>
    public static Func<TimeSpan> StartNew()
    {
        if (!Available)
        {
            var wall = Stopwatch.StartNew();
            return () => wall.Elapsed;
        }
        var start = Now();
        return () => Now() - start;
    }

    private static bool Probe()
    {
        try
        {
            return (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows()) && Now() >= TimeSpan.Zero;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static TimeSpan Now()
    {
        if (OperatingSystem.IsWindows())
        {
            if (!GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user)) throw new InvalidOperationException("GetThreadTimes failed.");
            return TimeSpan.FromTicks(kernel + user); // both in 100 ns units, as TimeSpan ticks are
        }
        if (ClockGetTime(OperatingSystem.IsMacOS() ? MacThreadCpuClock : LinuxThreadCpuClock, out var t) != 0) throw new InvalidOperationException("clock_gettime failed.");
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }
}
