using System.Globalization;
using System.Runtime.CompilerServices;

namespace FactDesk.Web.Tests.Localization;

/// <summary>
/// The suite asserts English text: components rendered in-process (bUnit) use the thread's culture, which would
/// otherwise be the machine's. Requests to the test app carry no Accept-Language, so it answers in its default, English.
/// </summary>
internal static class EnglishByDefault
{
#pragma warning disable CA2255 // A test assembly's own start-up: the suite's culture must be fixed before any test runs.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Set()
    {
        var english = CultureInfo.GetCultureInfo("en");
        CultureInfo.DefaultThreadCurrentCulture = english;
        CultureInfo.DefaultThreadCurrentUICulture = english;
        CultureInfo.CurrentCulture = english;
        CultureInfo.CurrentUICulture = english;
    }
}
