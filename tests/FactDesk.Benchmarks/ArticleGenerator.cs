using System.Globalization;
using System.Text;

namespace FactDesk.Benchmarks;

/// <summary>
/// Deterministic news-like article text for benchmarks: a headline, paragraphs of 3–5 sentences drawn from realistic
/// templates (numbers, money, percentages, dates, attribution, quotes, named people and institutions, opinion, questions,
/// hedged predictions), optionally followed by a scraped-page sidebar in another language with "Read more" lines, lone
/// dates and a cookie line, so cleaning has something to remove.
/// </summary>
public static class ArticleGenerator
{
    private static readonly string[] People =
    [
        "Maria Kovalenko", "John Whitfield", "Amina Diallo", "Hans Becker", "Sofia Marquez", "Olena Shevchenko",
        "David Okafor", "Lucia Romano", "Pieter de Vries", "Yuki Tanaka", "Rachel Levin", "Tomasz Nowak",
        "Ahmed Karimi", "Claire Dubois", "Samuel Adeyemi", "Ingrid Halvorsen",
    ];

    private static readonly string[] Roles =
    [
        "the finance minister", "a senior diplomat", "the mayor", "an opposition lawmaker", "the company's chief executive",
        "a spokesperson for the ministry", "the central bank governor", "a government adviser", "the health minister",
    ];

    private static readonly string[] Institutions =
    [
        "the Ministry of Finance", "the World Health Organization", "the European Commission", "the central bank",
        "the International Monetary Fund", "the national statistics office", "the Kremlin", "the State Department",
        "the United Nations", "the Ministry of Defence", "the electoral commission", "the World Bank", "NATO",
        "the Supreme Court", "the city council", "Amnesty International",
    ];

    private static readonly string[] Outlets = ["Reuters", "Bloomberg", "the Associated Press", "the BBC", "Le Monde", "Der Spiegel"];

    private static readonly string[] Cities =
    [
        "Geneva", "Riyadh", "Kyiv", "Washington", "Moscow", "Brussels", "Warsaw", "Nairobi", "Berlin", "Istanbul",
        "Lagos", "Jakarta", "Lima", "Oslo", "Munich", "Vienna",
    ];

    private static readonly string[] Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ];

    private static readonly string[] Topics =
    [
        "unemployment", "inflation", "the budget deficit", "military spending", "grain exports", "hospital admissions",
        "electricity prices", "net migration", "carbon emissions", "youth unemployment", "public debt", "rent prices",
    ];

    private static readonly string[] Quotes =
    [
        "We will not accept any agreement that is made without us",
        "The numbers speak for themselves",
        "This is the worst crisis we have faced in a generation",
        "Talks went quite well and contacts will continue in due course",
        "Nobody in this government was aware of the meetings",
        "We have cut waiting times in half since we took office",
        "The programme has already created thousands of jobs",
        "There is no evidence that the vaccine caused any deaths",
    ];

    // {P} person, {R} role, {I} institution, {O} outlet, {C} city, {D} full date, {M} month, {Y} year, {N} number,
    // {K} percentage, {$} money, {T} topic, {Q} quote, {S} small number.
    private static readonly string[] Templates =
    [
        "{I} said on {D} that {T} rose to {K} in {M}, the highest level since {Y}.",
        "{S} sources told {O} that at least one meeting took place in {C} on {D}.",
        "According to {I}, the government spent {$} on the programme last year, {K} more than in {Y}.",
        "\"{Q},\" {P} told reporters in {C} on {D}.",
        "{P}, {R}, declined to comment when contacted by {O}.",
        "The plan would cut {T} by {K} by {Y}, according to a report published by {I}.",
        "More than {N} people were evacuated from {C} after the floods, officials said.",
        "The talks are expected to continue next week in {C}.",
        "Will the agreement hold?",
        "Analysts say {T} could fall by {Y} if the reforms are adopted.",
        "{T} fell {K} compared with the same quarter a year earlier, {I} reported.",
        "{P} was elected mayor of {C} in {Y} with {K} of the vote.",
        "Many observers believe the decision was a serious mistake.",
        "It is a shameful episode that should never have happened.",
        "{P} said the policy was the best approach available and urged critics to be patient.",
        "On {D}, delegations from both countries met in {C}, the capital, for talks that lasted {S} hours.",
        "{O} reported that {P} had suggested inviting {R} to the talks, but officials insisted on a bilateral meeting.",
        "The ministry has recorded {N} cases since {M}, {S} times as many as in the previous year.",
        "Prices in {C} have risen faster than anywhere else in the region because of the energy shortage.",
        "{P} criticized the talks, saying they had \"the same spirit\" as an ultimatum issued in {Y}.",
        "In a statement, {I} said it had never received the request.",
        "Residents of {C} said they felt abandoned by the authorities.",
        "The company reported a net profit of {$} for the year ending in {M} {Y}.",
        "The law, passed in {Y}, bans the sale of such products to anyone under {S}.",
        "It was not clear whether the governments had sent them, {S} sources told {O}.",
        "We think this is the wrong moment to raise taxes.",
        "The new line will carry up to {N} passengers a day, {I} said.",
        "Turnout in the November 5 election reached {K}, according to the electoral commission.",
        "The decision was taken after a long debate.",
        "Critics argue that the measures will probably do more harm than good.",
    ];

    private static readonly string[] SidebarForeign =
    [
        "Глава МЗС Польщі привіз до США дрон, який збили українські оборонці",
        "З реєстру виключили чотири непрацюючі індустріальні парки: рішення Уряду",
        "У Львові над могилами українських Героїв у небо запустять промені пам’яті",
        "Укрзалізниця запускає перший дитячий вагон у міжнародному сполученні",
        "У грецьких Салоніках до річниці вторгнення відкрили виставку “Покоління війни”",
        "Соціологи зафіксували різке зростання рейтингу останнім часом",
    ];

    /// <summary>Generates an article of about <paramref name="words"/> words (body only; the sidebar comes on top).</summary>
    /// <param name="words">Target number of words in the article body.</param>
    /// <param name="seed">Seed for the generator; the same seed gives the same text.</param>
    /// <param name="withSidebar">Append scraped-page furniture after the article.</param>
    public static string Generate(int words, int seed = 20250221, bool withSidebar = true)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(words * 7);
        sb.Append("US and Russia hold talks on war via Swiss backchannel, sources say – ").Append(Outlets[0]).Append("\n\n");
        int count = 0;
        while (count < words)
        {
            count += Paragraph(rng, sb);
            sb.Append("\n\n");
        }
        if (withSidebar) Sidebar(rng, sb);
        return sb.ToString().TrimEnd() + "\n";
    }

    /// <summary>A new paragraph of 3–5 sentences, as a revision would insert.</summary>
    public static string Paragraph(Random rng)
    {
        var sb = new StringBuilder();
        Paragraph(rng, sb);
        return sb.ToString();
    }

    /// <summary>Rewrites one sentence of <paramref name="paragraph"/> with a fresh one and changes a few words of another, as an editor would.</summary>
    public static string Rewrite(Random rng, string paragraph)
    {
        var sentences = paragraph.Split(". ", StringSplitOptions.None).ToList();
        int replace = rng.Next(sentences.Count);
        var fresh = Sentence(rng).TrimEnd('.');
        sentences[replace] = fresh;
        if (sentences.Count > 1)
        {
            int touch = (replace + 1) % sentences.Count;
            sentences[touch] = sentences[touch].Replace(" the ", " this ", StringComparison.Ordinal).Replace(" said", " stated", StringComparison.Ordinal);
        }
        var result = string.Join(". ", sentences);
        return result.EndsWith('.') || result.EndsWith('?') || result.EndsWith('"') ? result : result + ".";
    }

    /// <summary>
    /// A revision of <paramref name="body"/> (paragraphs separated by blank lines) touching about <paramref name="fraction"/>
    /// of the paragraphs: a third get a new paragraph inserted before them, a third are deleted, a third are rewritten.
    /// </summary>
    public static string Revise(string body, double fraction = 0.10, int seed = 7)
    {
        var rng = new Random(seed);
        var paragraphs = body.Split("\n\n");
        var result = new List<string>(paragraphs.Length + 16);
        foreach (var p in paragraphs)
        {
            if (p.Length == 0 || rng.NextDouble() >= fraction)
            {
                result.Add(p);
                continue;
            }
            switch (rng.Next(3))
            {
                case 0:
                    result.Add(Paragraph(rng));
                    result.Add(p);
                    break;
                case 1:
                    break; // deleted
                default:
                    result.Add(Rewrite(rng, p));
                    break;
            }
        }
        return string.Join("\n\n", result);
    }

    /// <summary>Counts whitespace-separated words.</summary>
    public static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static int Paragraph(Random rng, StringBuilder sb)
    {
        int sentences = rng.Next(3, 6), words = 0;
        for (int i = 0; i < sentences; i++)
        {
            if (i > 0) sb.Append(' ');
            var s = Sentence(rng);
            sb.Append(s);
            words += CountWords(s);
        }
        return words;
    }

    private static string Sentence(Random rng)
    {
        var template = Templates[rng.Next(Templates.Length)];
        var sb = new StringBuilder(template.Length + 40);
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] != '{' || i + 2 >= template.Length || template[i + 2] != '}')
            {
                sb.Append(template[i]);
                continue;
            }
            char slot = template[i + 1];
            i += 2;
            sb.Append(slot switch
            {
                'P' => Pick(rng, People),
                'R' => Pick(rng, Roles),
                'I' => Pick(rng, Institutions),
                'O' => Pick(rng, Outlets),
                'C' => Pick(rng, Cities),
                'D' => Date(rng),
                'M' => Pick(rng, Months),
                'Y' => rng.Next(1995, 2026).ToString(CultureInfo.InvariantCulture),
                'N' => rng.Next(120, 250_000).ToString("N0", CultureInfo.InvariantCulture),
                'K' => (rng.Next(5, 950) / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                '$' => "$" + (rng.Next(12, 9_500) / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + (rng.Next(2) == 0 ? " million" : " billion"),
                'T' => Pick(rng, Topics),
                'Q' => Pick(rng, Quotes),
                'S' => Small(rng),
                _ => "",
            });
        }
        var s = sb.ToString();
        // sentences may start with a slot ("{T} fell…", "{S} sources…"): capitalise as a writer would
        return char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    }

    private static string Date(Random rng) => rng.Next(3) switch
    {
        0 => $"{Pick(rng, Months)} {rng.Next(1, 29)}",
        1 => $"{Pick(rng, Months)} {rng.Next(1, 29)}, {rng.Next(2015, 2026)}",
        _ => (rng.Next(2) == 0 ? "Tuesday" : "Friday"),
    };

    private static string Small(Random rng) => rng.Next(5) switch
    {
        0 => "two",
        1 => "three",
        2 => "four",
        3 => "five",
        _ => "18",
    };

    private static string Pick(Random rng, string[] items) => items[rng.Next(items.Length)];

    private static void Sidebar(Random rng, StringBuilder sb)
    {
        sb.Append("Свіжі дописи\n\n");
        for (int i = 0; i < SidebarForeign.Length; i++)
        {
            sb.Append("  • Новини\n\n");
            sb.Append(SidebarForeign[i]).Append("\n\n");
            sb.Append(SidebarForeign[(i + 1) % SidebarForeign.Length]).Append("… Читати більше\n\n");
            sb.Append("Friday February 21st, 2025\n\n");
        }
        sb.Append("Read more\n\n");
        sb.Append("Related: ").Append(Pick(rng, People)).Append(" says talks in ").Append(Pick(rng, Cities)).Append(" will resume. Read more\n\n");
        sb.Append("Share this article\n\n");
        sb.Append("21.02.2025\n\n");
        sb.Append("This site uses cookies. By continuing to browse you agree to our use of cookies.\n");
    }
}
