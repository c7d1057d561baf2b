using System.Collections.Frozen;

namespace FactDesk.Core.Claims;

/// <summary>What a cue word or phrase signals.</summary>
internal enum Cue : byte
{
    None, Attribution, Comparison, Causal, Legal, Hedge, Opinion, Event, RelativeTime, Weekday, Month, AmbiguousMonth,
    NumberWord, Money, Percent, Future, FirstPerson, Superlative, Past, Negation, CallToAction,
}

/// <summary>Cue words and phrases in English, Ukrainian and Russian, after ClaimBuster and CLEF CheckThat! features.</summary>
internal static class ClaimLexicon
{
    private static readonly (Cue Cue, string Words)[] Sources =
    [
        (Cue.Attribution, "said says told tells reported reports revealed reveals announced announces stated states confirmed confirms " +
            "claimed claims denied denies wrote writes noted notes added alleged alleges estimated estimates insisted insists warned warns admitted " +
            "acknowledged disclosed testified declared argued argues sources source spokesman spokeswoman spokesperson statement " +
            "заявив заявила заявили заявляє повідомив повідомила повідомили повідомляє сказав сказала сказали зазначив зазначила зазначили наголосив наголосила " +
            "підкреслив розповів розповіла пише пишуть джерела джерело стверджує визнав заявил заявила заявили сообщил сообщила сообщили сказал сказала " +
            "отметил отметила подчеркнул рассказал пишет источники источник утверждает признал"),
        (Cue.Comparison, "doubled tripled quadrupled halved increased decreased rose fell " +
            "surged soared plunged grew jumped slumped outnumber majority minority twice triple половина " +
            "зросла зріс зросли зросло підвищився підвищилася знизився знизилася скоротився скоротилася вдвічі більшість більше менше " +
            "выросла вырос снизился сократился вдвое большинство больше меньше выросли выросло снизились сократились"),
        (Cue.Superlative, "highest lowest largest biggest smallest most least fewest record records first only never ever all-time unprecedented " +
            "greatest fastest slowest worst-ever oldest youngest longest shortest richest poorest " +
            "найбільший найбільша найбільше найбільшим найменший найменша рекорд рекордний рекордна вперше єдиний єдина ніколи " +
            "крупнейший наибольший наименьший рекорд рекордный впервые единственный никогда"),
        (Cue.Future, "will won't shall gonna going intend intends promise promised pledge pledged plan plans tomorrow " +
            "буде будуть будемо планує планують обіцяє обіцяв пообіцяв пообіцяла завтра прийматимуть проводитимуть " +
            "будет будут будем планирует обещает обещал пообещал намерен завтра проведе проведуть відбудеться відбудуться " +
            "проведёт проведет проведут состоится состоятся"),
        (Cue.FirstPerson, "i me my mine we us our ours i'm i've i'll we're we've we'll я мене мій моя ми нас наш наша мы меня мой моя нас наш наша"),
        (Cue.Past, "was were had did been ago formerly previously"),
        (Cue.Negation, "not no never nobody nothing none neither nor n't didn't don't doesn't wasn't weren't isn't aren't haven't hasn't " +
            "не ні жодного жоден нет ни никто ничего"),
        (Cue.Causal, "because caused causes causing therefore consequently thus hence resulted result led leads blamed " +
            "тому оскільки внаслідок через спричинило спричинила призвело призвела призвели поэтому вследствие из-за привело привела"),
        (Cue.Legal, "law laws legal illegal illegally unlawful unconstitutional constitution court courts judge judges ruling ruled sanctions sanctioned " +
            "convicted charged indicted lawsuit sued prosecutors prosecutor criminal verdict treaty banned ban violated violation violates legislation bill decree " +
            "закон закону законом законі незаконно незаконний суд суду судом санкції санкцій вирок указ указом постанову постанова порушення обвинувачення " +
            "закона незаконно суда санкции приговор нарушение обвинение"),
        (Cue.Hedge, "may might could would suggested suggests likely unlikely possibly perhaps probably potentially expected expects forecast forecasts predicted predicts " +
            "planned intends aims seems appears suggests reportedly " +
            "може можуть можливо ймовірно мабуть імовірно очікується планує планують прогнозують может могут возможно вероятно наверное ожидается планирует"),
        (Cue.Opinion, "should must ought beautiful disgraceful terrible horrible awful wonderful great amazing fantastic shameful outrageous ridiculous " +
            "stupid brilliant best worst disaster disastrous pathetic incredible unacceptable believe feel think opinion hopefully unfortunately sadly clearly " +
            "obviously слід треба повинні повинен мусимо ганебно чудово жахливо вважаю думаю переконаний чудове чудовий чудова важливо " +
            "должны должен следует позорно прекрасно ужасно считаю думаю уверен прекрасная прекрасный прекрасное важно"),
        (Cue.Event, "met meet meeting meetings held hold signed killed wounded injured died attacked attack launched visited visit elected election elections " +
            "invasion invaded agreed agreement voted vote arrested fired resigned appointed approved passed talks summit conference ceremony struck " +
            "occurred happened took began started ended collapsed exploded evacuated captured liberated negotiations negotiated " +
            "зустрілися зустріч зустрічі переговори провели підписали загинули загинуло поранені атакували вторгнення вибори обрали ухвалив ухвалила " +
            "ухвалили відвідав візит відбулася відбувся запустили призначив звільнив " +
            "встретились встреча переговоры подписали погибли ранены атаковали вторжение выборы избрали принял приняла посетил визит состоялась"),
        (Cue.RelativeTime, "yesterday today tonight recently earlier weeks months decades вчора сьогодні нещодавно раніше минулого тижня вчера сегодня недавно ранее"),
        (Cue.Weekday, "monday tuesday wednesday thursday friday saturday sunday понеділок вівторок середу четвер п'ятницю суботу неділю " +
            "понедельник вторник среду четверг пятницу субботу воскресенье"),
        (Cue.Month, "january february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec " +
            "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня " +
            "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні " +
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
        (Cue.AmbiguousMonth, "may"),
        (Cue.NumberWord, "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty " +
            "thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions trillion dozen dozens " +
            "half quarter third percent bn два дві три чотири п'ять шість сім вісім дев'ять десять сотні тисяч тисячі тис мільйон мільйони мільйонів " +
            "мільярд мільярди мільярдів млн млрд відсотків відсотки четыре пять шесть семь восемь девять десять тысяч тысячи миллион миллиона миллионов " +
            "миллиард миллиардов процентов двох трьох чотирьох п'яти шести семи восьми дев'яти десяти сотень двух трёх трех четырёх четырех пяти шести семи восьми девяти десяти сотен"),
        (Cue.Money, "dollars dollar euros euro pounds pound hryvnias hryvnia rubles roubles yuan гривень гривні грн доларів долара євро рублів рублей долларов"),
        (Cue.Percent, "percent per-cent percentage відсотків відсотка процентов процента"),
    ];

    // Multiword cues, keyed by their last word so one dictionary probe per token finds them.
    private static readonly (Cue Cue, string Phrase)[] Phrases =
    [
        (Cue.Attribution, "according to"), (Cue.Attribution, "told reporters"), (Cue.Attribution, "in a statement"), (Cue.Attribution, "за даними"),
        (Cue.Attribution, "за словами"), (Cue.Attribution, "за інформацією"), (Cue.Attribution, "по данным"), (Cue.Attribution, "по словам"),
        (Cue.Comparison, "more than"), (Cue.Comparison, "less than"), (Cue.Comparison, "fewer than"), (Cue.Comparison, "at least"), (Cue.Comparison, "up to"),
        (Cue.Comparison, "as many as"), (Cue.Comparison, "as much as"), (Cue.Comparison, "compared with"), (Cue.Comparison, "compared to"),
        (Cue.Comparison, "понад"), (Cue.Comparison, "щонайменше"), (Cue.Comparison, "не менше"), (Cue.Comparison, "более"), (Cue.Comparison, "не менее"),
        (Cue.Causal, "led to"), (Cue.Causal, "lead to"), (Cue.Causal, "resulted in"), (Cue.Causal, "as a result"), (Cue.Causal, "because of"),
        (Cue.Causal, "due to"), (Cue.Causal, "тому що"), (Cue.Causal, "у зв'язку"), (Cue.Causal, "потому что"), (Cue.Causal, "в результате"),
        (Cue.Hedge, "will likely"), (Cue.Hedge, "is expected to"), (Cue.Hedge, "are expected to"), (Cue.Hedge, "is likely to"),
        (Cue.Opinion, "i think"), (Cue.Opinion, "i believe"), (Cue.Opinion, "in my opinion"), (Cue.Opinion, "we need"), (Cue.Opinion, "на мою думку"),
        (Cue.Opinion, "на мой взгляд"), (Cue.Opinion, "на жаль"), (Cue.Opinion, "к сожалению"), (Cue.Opinion, "я вважаю"), (Cue.Opinion, "я считаю"),
        (Cue.RelativeTime, "last week"), (Cue.RelativeTime, "last month"), (Cue.RelativeTime, "last year"), (Cue.RelativeTime, "this week"),
        (Cue.RelativeTime, "this year"), (Cue.RelativeTime, "next week"), (Cue.RelativeTime, "next month"), (Cue.RelativeTime, "next year"),
        (Cue.RelativeTime, "last week's"), (Cue.RelativeTime, "past three months"), (Cue.RelativeTime, "минулого року"), (Cue.RelativeTime, "цього року"),
        (Cue.RelativeTime, "минулого тижня"), (Cue.RelativeTime, "на минулому тижні"), (Cue.RelativeTime, "прошлой неделе"), (Cue.RelativeTime, "в прошлом году"),
        (Cue.Percent, "per cent"),
        (Cue.Future, "going to"), (Cue.Future, "наступного тижня"), (Cue.Future, "на следующей неделе"), (Cue.Future, "is set to"), (Cue.Future, "are set to"), (Cue.Future, "має намір"),
        (Cue.CallToAction, "calling on"), (Cue.CallToAction, "call on"), (Cue.CallToAction, "we need to"), (Cue.CallToAction, "we have to"),
        (Cue.CallToAction, "we must"), (Cue.CallToAction, "we've got to"), (Cue.CallToAction, "let's"), (Cue.CallToAction, "let us"),
        (Cue.CallToAction, "i urge"), (Cue.CallToAction, "i ask"), (Cue.CallToAction, "join me"), (Cue.CallToAction, "vote for"),
        (Cue.CallToAction, "закликаю"), (Cue.CallToAction, "закликав"), (Cue.CallToAction, "підписуйтесь"), (Cue.CallToAction, "читайте"),
        (Cue.CallToAction, "призываю"), (Cue.CallToAction, "подписывайтесь"), (Cue.CallToAction, "читайте также"),
    ];

    public static readonly FrozenDictionary<string, Cue> Words = BuildWords();

    public static readonly FrozenDictionary<string, string[][]> PhrasesByLastWord = BuildPhrases(out PhraseCues);

    public static readonly FrozenDictionary<string, Cue> PhraseCues;

    // "three sources", "two officials": a count of informants, not a statistic
    public static readonly FrozenSet<string> SourceNouns = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "sources", "source", "officials", "experts", "analysts", "diplomats", "insiders", "джерела", "джерел", "джерело", "посадовці",
        "источника", "источников", "источники");

    // Words after a number that are not its unit ("5 of", "2 and")
    public static readonly FrozenSet<string> NotUnits = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "of", "and", "or", "to", "in", "on", "at", "for", "by", "the", "a", "an", "is", "are", "was", "were", "that", "which", "who", "from", "with",
        "і", "й", "та", "до", "в", "у", "на", "з", "із", "що", "и", "по", "от", "с", "что");

    // Capitalised but not names: sentence furniture that should not count as a person or institution.
    public static readonly FrozenSet<string> NotEntities = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "I", "The", "A", "An", "This", "That", "It", "He", "She", "They", "We", "But", "And", "In", "On", "At", "For", "Mr", "Mrs", "Ms", "Dr",
        "President", "Minister", "Prime", "Former", "Recently", "According", "However", "Meanwhile", "After", "Before", "Also", "Sources", "Source",
        "One", "Two", "Many", "Some", "Officials", "Experts", "Analysts", "Critics", "Як", "Так", "Також", "Тоді", "Потім", "Мер", "Мэр", "Затем", "Также", "Тогда", "Його", "Це", "Він", "Вона", "Вони", "Але", "І", "У", "В", "На", "За", "Как", "Это", "Он", "Она", "Они", "Но");

    private static FrozenDictionary<string, Cue> BuildWords()
    {
        var d = new Dictionary<string, Cue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (cue, words) in Sources)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                d.TryAdd(w, cue);
        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static FrozenDictionary<string, string[][]> BuildPhrases(out FrozenDictionary<string, Cue> cues)
    {
        var byLast = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        var cueMap = new Dictionary<string, Cue>(StringComparer.OrdinalIgnoreCase);
        foreach (var (cue, phrase) in Phrases)
        {
            var words = phrase.Split(' ');
            cueMap[phrase] = cue;
            if (!byLast.TryGetValue(words[^1], out var list)) byLast[words[^1]] = list = [];
            list.Add(words);
        }
        cues = cueMap.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        return byLast.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(w => w.Length).ToArray(), StringComparer.OrdinalIgnoreCase);
    }
}
