using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FactDesk.E2E.Infrastructure;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) over the states one test visits, with every rule axe runs by default. Only
/// serious and critical violations fail: those block or mislead people (a control without a name, text that cannot
/// be read). Each state is checked as the test reaches it and the test fails once, at the end, listing every state's
/// violations (rule id, impact, help, and each element's target), so one run shows all there is to fix.
/// </summary>
public sealed class AxeAudit
{
    private static readonly string[] Failing = ["serious", "critical"];
    private readonly StringBuilder _found = new();
    private int _count;

    public async Task CheckAsync(IPage page, string state)
    {
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var failing = result.Violations.Where(v => Failing.Contains(v.Impact)).ToList();
        if (failing.Count == 0) return;
        _count += failing.Count;
        _found.AppendLine().Append(Describe(state, page.Url, failing));
    }

    /// <summary>Fails with everything found, if anything was.</summary>
    public void AssertClean()
    {
        if (_count > 0) Assert.Fail($"axe-core found {_count} serious or critical violation(s):{_found}");
    }

    private static string Describe(string state, string url, IReadOnlyList<AxeResultItem> violations)
    {
        var text = new StringBuilder($"On {state} ({url}):");
        foreach (var v in violations)
        {
            text.AppendLine().Append($"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]");
            foreach (var node in v.Nodes.Take(8))
            {
                text.AppendLine().Append($"    at {node.Target}: {Shorten(node.Html)}");
                var why = string.Join("; ", new[] { node.Any, node.All, node.None }.Where(c => c is not null).SelectMany(c => c).Select(c => c.Message).Distinct());
                if (why.Length > 0) text.AppendLine().Append("      ").Append(Shorten(why));
            }
            if (v.Nodes.Length > 8) text.AppendLine().Append($"    … and {v.Nodes.Length - 8} more elements");
        }
        return text.ToString();
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
