using System.Globalization;
using FactDesk.Web.Data;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Tests.Localization;

/// <summary>Sentences that were English constants: the database-unavailable title, the hub's join retry, the token sign-in throttle.</summary>
public sealed class FixedSentencesTests
{
    [Theory]
    [InlineData("uk", "База даних недоступна", "Викличте JoinArticle ще раз", "Забагато спроб входу")]
    [InlineData("en", "Database unavailable", "Call JoinArticle again", "Too many sign-in attempts")]
    public void Sentences_FollowTheCurrentCulture(string culture, string title, string joinRetry, string tooMany)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(title, DatabaseErrors.UnavailableTitle);
            Assert.Contains(joinRetry, Say.Text("Hub.JoinRetry"));
            Assert.StartsWith(tooMany, Say.Text("Api.SignInTooMany"));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
