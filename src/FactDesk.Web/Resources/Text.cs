namespace FactDesk.Web.Resources;

// One resource class per feature area, so translators work in a few files (Resources/*.resx, README.md for the glossary).
// IStringLocalizer<T> finds T's strings in Resources/T.resx (English, the neutral culture) and Resources/T.uk.resx.

/// <summary>Words every page shares: layout, navigation, the account menu, notifications, states, stances, errors.</summary>
public sealed class SharedText;

/// <summary>Sign-in, sign-up, the not-allowed page, People and API tokens.</summary>
public sealed class AccountText;

/// <summary>The desk: the article list, its filters and exports.</summary>
public sealed class DeskText;

/// <summary>Import, its preview, and new revisions.</summary>
public sealed class ImportText;

/// <summary>The review page: claim list, article text, claim panel, activity, presence, history sentences.</summary>
public sealed class ReviewText;

/// <summary>The review session: participants, balancing, blind pass, reveal, sign-off.</summary>
public sealed class SessionText;

/// <summary>Fact-check collections and the "Checked before" section of the claim panel.</summary>
public sealed class FactCheckText;

/// <summary>The claim model page.</summary>
public sealed class ClaimModelText;

/// <summary>Exports and interchange: the annotation import page and the public fact-check URL.</summary>
public sealed class ExportText;

/// <summary>MudBlazor's own words (pager buttons, clear buttons, loading, close), keyed as MudBlazor names them; see FactDeskMudLocalizer.</summary>
public sealed class MudBlazorText;

/// <summary>What the services answer when they refuse a change (shown in the page, returned by the API), in the request's language.</summary>
public sealed class MessageText;
