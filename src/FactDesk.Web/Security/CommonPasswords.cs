using System.Reflection;
using FactDesk.Web.Data;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Security;

/// <summary>
/// Refuses passwords everyone tries first. The list ships with the app (<c>Security/common-passwords.txt</c>, written for
/// FactDesk: the words and patterns that lead every published leak analysis — "password", keyboard rows, names of
/// months and teams, "letmein" — not a copy of any leaked list). A password is refused when, lower-cased, with common
/// letter-for-digit swaps undone and digits and punctuation stripped from its ends, it is one of those words (or a
/// word repeated), a single repeated character, a run of the keyboard or the alphabet, or the desk's own name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>The refusal, in the language of the page or request.</summary>
    public static string Message => Say.Text("Account.CommonPassword");

    private static readonly Lazy<HashSet<string>> Words = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? "", user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = Message })
            : IdentityResult.Success);

    /// <summary>True when <paramref name="password"/> is common (see the class), or is the account's own email or its name part.</summary>
    public static bool IsCommon(string password, string? email = null)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (lower.Length == 0) return true;
        if (email is { Length: > 0 } && (lower == email.ToLowerInvariant() || lower.StartsWith(email.Split('@')[0].ToLowerInvariant(), StringComparison.Ordinal) && email.Split('@')[0].Length >= 6))
            return true;
        if (lower.Distinct().Count() <= 2) return true;
        if (IsRun(lower)) return true;
        var core = Core(lower);
        if (core.Length == 0 || IsRun(core) || core.Distinct().Count() <= 2) return true;
        var words = Words.Value;
        if (words.Contains(lower) || words.Contains(core) || words.Contains(Unleet(lower)) || words.Contains(Unleet(core)) || words.Contains(Core(Unleet(lower)))) return true;
        // "passwordpassword", "qwertyqwerty": a listed word said twice.
        var plain = Core(Unleet(lower));
        if (plain.Length % 2 == 0 && plain[..(plain.Length / 2)] == plain[(plain.Length / 2)..] && words.Contains(plain[..(plain.Length / 2)])) return true;
        return false;
    }

    // Digits, spaces and punctuation at either end ("password123!", "2024summer") say nothing new.
    private static string Core(string s) => s.Trim(" 0123456789!@#$%^&*()-_=+.,;:?'\"~`[]{}<>/\\|".ToCharArray());

    private static string Unleet(string s) => new(s.Select(c => c switch
    {
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i', _ => c,
    }).ToArray());

    private static readonly string[] Runs = ["abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "qwertzuiop", "azertyuiop"];

    // A stretch of the alphabet, the digits or a keyboard row, forwards or backwards ("abcdefghijkl", "0987654321").
    private static bool IsRun(string s)
    {
        foreach (var run in Runs)
        {
            var doubled = run + run;
            var reversed = new string(doubled.Reverse().ToArray());
            if (s.Length >= 4 && (doubled.Contains(s, StringComparison.Ordinal) || reversed.Contains(s, StringComparison.Ordinal))) return true;
        }
        return false;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FactDesk.Web.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build (Security/common-passwords.txt as an embedded resource).");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim().ToLowerInvariant();
            if (word.Length > 0 && !word.StartsWith('#')) set.Add(word);
        }
        return set;
    }
}
