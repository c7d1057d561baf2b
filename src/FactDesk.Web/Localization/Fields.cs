namespace FactDesk.Web.Localization;

/// <summary>
/// The names of typed fields that Core's <see cref="FactDesk.Core.Hygiene.TextHygiene"/> checks. Core carries the name
/// back untouched; <see cref="Say.Unclean"/> reads it as the key <c>Field.{name}</c> of Resources/MessageText, so the
/// refusal names the field in the reader's language.
/// </summary>
public static class Fields
{
    public const string Title = nameof(Title);
    public const string Outlet = nameof(Outlet);
    public const string Author = nameof(Author);
    public const string Language = nameof(Language);
    public const string TokenName = nameof(TokenName);
    public const string Conclusion = nameof(Conclusion);
    public const string Claimant = nameof(Claimant);
    public const string EvidenceUrl = nameof(EvidenceUrl);
    public const string Description = nameof(Description);
    public const string Excerpt = nameof(Excerpt);
    public const string Note = nameof(Note);
    public const string Name = nameof(Name);
    public const string Email = nameof(Email);
    public const string CorrectionNote = nameof(CorrectionNote);
}
