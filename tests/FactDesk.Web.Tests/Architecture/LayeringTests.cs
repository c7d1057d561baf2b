using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Architecture;

/// <summary>
/// The folder tree is the architecture: Kernel at the bottom, then Data, Realtime, the features, the API and the host
/// on top. Read from the compiled assembly (signatures, base types, attributes and every member a method body
/// touches, so a service located by type or a fully qualified name counts as much as a <c>using</c>), a forbidden
/// edge or any cycle between folders fails with the members that make it.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Lazy<DependencyGraph> Graph = new(() => DependencyGraph.Of(typeof(FactDesk.Web.Kernel.Actor).Assembly));

    /// <summary>What each lower part must not reach; anything above it is listed, so a new folder is caught by the cycle test.</summary>
    public static TheoryData<string, string[]> ForbiddenEdges => new()
    {
        // The shared kernel (Actor, Event kinds, DTOs, write results, settings) sits below everything.
        { "Kernel", ["*"] },
        // Data is entities and the context: it knows no feature, no hub, no API and no host.
        { "Data", ["Features/*", "Realtime", "Api", "Host", "Components"] },
        // Realtime reads the event log through IArticleEventLog, never through a feature's queries.
        { "Realtime", ["Features/*", "Api", "Host", "Components"] },
        // Cross-cutting services below the features.
        { "Localization", ["Data", "Features/*", "Realtime", "Api", "Host", "Components"] },
        { "Operations", ["Features/*", "Api", "Host", "Components"] },
        { "Security", ["Features/*", "Api", "Host", "Components"] },
        // Features use each other only downwards (the cycle test below), never the API or the host.
        { "Features/*", ["Api", "Host"] },
        { "Api", ["Host"] },
        { "Components", ["Api", "Host"] },
    };

    [Theory]
    [MemberData(nameof(ForbiddenEdges))]
    public void Part_UsesOnlyWhatIsBelowIt_NoForbiddenEdge(string part, string[] forbidden)
    {
        var offending = Graph.Value.Edges
            .Where(e => Matches(part, e.From) && e.From != e.To && (forbidden.Contains("*") || forbidden.Any(f => Matches(f, e.To))))
            .Select(e => $"{e.From} -> {e.To}: {string.Join("; ", Graph.Value.Why(e).Take(5))}")
            .ToList();
        Assert.True(offending.Count == 0, $"{part} must not use {string.Join(", ", forbidden)}, but:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Folders_DependOnEachOther_WithoutCycles()
    {
        var cycles = Graph.Value.Cycles();
        Assert.True(cycles.Count == 0, "Folders that use each other in a circle (each needs the other to build):\n"
            + string.Join("\n", cycles.Select(c => string.Join(" <-> ", c) + "\n  "
                + string.Join("\n  ", Graph.Value.Edges.Where(e => c.Contains(e.From) && c.Contains(e.To) && e.From != e.To)
                    .Select(e => $"{e.From} -> {e.To}: {string.Join("; ", Graph.Value.Why(e).Take(3))}")))));
    }

    [Fact]
    public void Graph_SeesKnownEdges_FromSignaturesAndMethodBodies()
    {
        // The reader itself, on FactDesk.Web: if it stopped seeing dependencies, every test above would pass for nothing.
        var edges = Graph.Value.Edges.ToHashSet();
        Assert.Contains(new Edge("Api", "Features/Review/Writing"), edges);     // ReviewHub's constructor takes ReviewService
        Assert.Contains(new Edge("Features/Review/Writing", "Realtime"), edges); // the journal publishes on the bus
        Assert.Contains(new Edge("Features/Review/Writing", "Features/Review/Reading"), edges);
        Assert.Contains(new Edge("Data", "Kernel"), edges);
        Assert.Contains(new Edge("Host", "Features/Review"), edges);
        Assert.DoesNotContain(new Edge("Kernel", "Data"), edges);
    }

    [Fact]
    public void Graph_SeesTypesLocatedInLambdasAndCalledStatically_NotOnlySignatures()
    {
        // Two tiny folders of this test assembly: High touches Low only inside method bodies.
        var graph = DependencyGraph.Of(typeof(LayeringTests).Assembly, typeof(Sample.High.Locating).Namespace![..^".High".Length]);
        var edges = graph.Edges.ToHashSet();
        Assert.Contains(new Edge("High", "Low"), edges);
        Assert.DoesNotContain(new Edge("Low", "High"), edges);
        Assert.Contains(graph.Why(new Edge("High", "Low")), r => r.Contains("Located", StringComparison.Ordinal));
        Assert.Contains(graph.Why(new Edge("High", "Low")), r => r.Contains("Called", StringComparison.Ordinal));
        Assert.Empty(graph.Cycles());
    }

    [Theory]
    [InlineData("FactDesk.Web.Kernel", "Kernel")]
    [InlineData("FactDesk.Web.Data", "Data")]
    [InlineData("FactDesk.Web.Data.Migrations.Postgres", "Data")]
    [InlineData("FactDesk.Web.Features.Review", "Features/Review")]
    [InlineData("FactDesk.Web.Features.Review.Reading", "Features/Review/Reading")]
    [InlineData("FactDesk.Web", "Host")]
    [InlineData("", "Host")]
    [InlineData("FactDesk.Web.Api", "Api")]
    [InlineData("System.Text.RegularExpressions.Generated", null)]
    public void PartOf_Namespace_IsItsTopFolder(string ns, string? expected) =>
        Assert.Equal(expected, DependencyGraph.PartOf(ns, "FactDesk.Web"));

    private static bool Matches(string pattern, string part) =>
        pattern.EndsWith("/*", StringComparison.Ordinal) ? part.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == part;
}

internal sealed record Edge(string From, string To);

/// <summary>Dependencies between the top folders of FactDesk.Web, with the members that cause each.</summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<Edge, SortedSet<string>> reasons = [];

    public IEnumerable<Edge> Edges => reasons.Keys;

    public IEnumerable<string> Why(Edge edge) => reasons[edge];

    /// <summary>
    /// Kernel, Data, Realtime, Api, …; a feature with its rooms (Features/Review, Features/Review/Reading, …); the root
    /// namespace and Program are the host; namespaces outside the root (generated code) are none.
    /// </summary>
    public static string? PartOf(string? ns, string root)
    {
        if (string.IsNullOrEmpty(ns) || ns == root) return "Host";
        if (!ns.StartsWith(root + ".", StringComparison.Ordinal)) return null;
        var parts = ns[(root.Length + 1)..].Split('.');
        return parts[0] == "Features" && parts.Length > 1 ? string.Join('/', parts.Take(3)) : parts[0];
    }

    public static DependencyGraph Of(Assembly assembly, string root = "FactDesk.Web")
    {
        var graph = new DependencyGraph();
        foreach (var type in assembly.GetTypes())
        {
            var from = PartOfType(type, assembly, root);
            if (from is null) continue;
            foreach (var (used, member) in Uses(type))
            {
                var to = PartOfType(used, assembly, root);
                if (to is null || to == from) continue;
                var edge = new Edge(from, to);
                if (!graph.reasons.TryGetValue(edge, out var why)) graph.reasons[edge] = why = [];
                why.Add($"{Outermost(type).Name}.{member} uses {Outermost(used).FullName}");
            }
        }
        return graph;
    }

    /// <summary>Every strongly connected set of two or more parts (Tarjan).</summary>
    public List<List<string>> Cycles()
    {
        var next = reasons.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = reasons.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (stack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var set = new List<string>();
            string x;
            do { x = stack.Pop(); set.Add(x); } while (x != v);
            if (set.Count > 1) result.Add([.. set.Order(StringComparer.Ordinal)]);
        }
        foreach (var n in nodes) if (!index.ContainsKey(n)) Visit(n);
        return result;
    }

    private static string? PartOfType(Type type, Assembly assembly, string root)
    {
        type = Outermost(type);
        if (type.Assembly != assembly) return null;
        // The compiler's own helpers (anonymous types, <PrivateImplementationDetails>, embedded attributes).
        if (type.IsDefined(typeof(CompilerGeneratedAttribute), false) && string.IsNullOrEmpty(type.Namespace)) return null;
        if (string.IsNullOrEmpty(type.Namespace) && (type.Name != "Program" || root != "FactDesk.Web")) return null;
        return PartOf(type.Namespace, root);
    }

    private static Type Outermost(Type type)
    {
        while (type.HasElementType) type = type.GetElementType()!;
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<(Type Used, string Member)> Uses(Type type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return (t, "base");
        foreach (var i in type.GetInterfaces()) foreach (var t in Expand(i)) yield return (t, "interface");
        foreach (var a in Attributes(type.CustomAttributes)) yield return (a, "attribute");
        foreach (var f in type.GetFields(All))
        {
            foreach (var t in Expand(f.FieldType)) yield return (t, f.Name);
            foreach (var a in Attributes(f.CustomAttributes)) yield return (a, f.Name);
        }
        foreach (var p in type.GetProperties(All))
        {
            foreach (var t in Expand(p.PropertyType)) yield return (t, p.Name);
            foreach (var a in Attributes(p.CustomAttributes)) yield return (a, p.Name);
        }
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) foreach (var t in Expand(mi.ReturnType)) yield return (t, m.Name);
            foreach (var p in m.GetParameters()) foreach (var t in Expand(p.ParameterType)) yield return (t, m.Name);
            foreach (var t in BodyUses(m)) yield return (t, m.Name);
        }
    }

    private static IEnumerable<Type> Attributes(IEnumerable<CustomAttributeData> attributes) =>
        attributes.SelectMany(a => Expand(a.AttributeType)
            .Concat(a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue))
                .Where(v => v.Value is Type).SelectMany(v => Expand((Type)v.Value!))));

    /// <summary>A type with its generic arguments, recursively (a <c>List&lt;ClaimDto&gt;</c> uses ClaimDto).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        while (type.HasElementType) type = type.GetElementType()!;
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsGenericType)
            foreach (var arg in type.GetGenericArguments())
                foreach (var t in Expand(arg)) yield return t;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Types named by the method's IL: calls, constructions, fields, casts, typeof, generic arguments.</summary>
    private static List<Type> BodyUses(MethodBase method)
    {
        var found = new List<Type>();
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (InvalidOperationException) { return found; }
        if (il is null) return found;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    found.AddRange(Resolve(method.Module, BitConverter.ToInt32(il, i), typeArgs, methodArgs));
                    i += 4;
                    break;
                default: i += 4; break;
            }
        }
        return found;
    }

    private static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        MemberInfo? member;
        try { member = module.ResolveMember(token, typeArgs, methodArgs); }
        catch (ArgumentException) { yield break; }
        catch (TypeLoadException) { yield break; }
        switch (member)
        {
            case Type t:
                foreach (var x in Expand(t)) yield return x;
                break;
            case MethodBase m:
                if (m.DeclaringType is { } owner) foreach (var x in Expand(owner)) yield return x;
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) foreach (var x in Expand(a)) yield return x;
                if (m is MethodInfo mi) foreach (var x in Expand(mi.ReturnType)) yield return x;
                foreach (var p in m.GetParameters()) foreach (var x in Expand(p.ParameterType)) yield return x;
                break;
            case FieldInfo f:
                if (f.DeclaringType is { } fo) foreach (var x in Expand(fo)) yield return x;
                foreach (var x in Expand(f.FieldType)) yield return x;
                break;
        }
    }
}
