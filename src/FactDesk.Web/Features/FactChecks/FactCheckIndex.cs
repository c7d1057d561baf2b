using FactDesk.Core.Matching;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.FactChecks;

/// <summary>Settings under <c>FactDesk:FactChecks</c>.</summary>
public sealed class FactCheckOptions
{
    public const string Section = "FactDesk:FactChecks";
    /// <summary>Folder of the Lucene index; by default beside the SQLite file (or App_Data for PostgreSQL).</summary>
    public string? IndexPath { get; set; }
    /// <summary>Largest upload or fetched feed accepted for import.</summary>
    public long MaxImportBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>Largest number of items in one import.</summary>
    public int MaxImportItems { get; set; } = 600_000;
    /// <summary>Fused score from which a match is "likely the same claim".</summary>
    public double SameClaimThreshold { get; set; } = new MatchWeights().SameClaim;
    /// <summary>Fused score from which a match is "related" (weaker ones are not shown).</summary>
    public double RelatedThreshold { get; set; } = new MatchWeights().Related;
    /// <summary>ONNX Runtime threads for the embedding model (0: one per core).</summary>
    public int EmbeddingThreads { get; set; }
}

/// <summary>
/// This instance's search index over the fact-checks and the desk's rated claims: the Lucene BM25 index (on disk,
/// under the data folder) and the quantised embeddings (in memory). Keys: a fact-check's id, or minus a desk claim's id.
/// </summary>
public sealed class FactCheckIndex : IDisposable
{
    // One model per process, loaded on first use: it is immutable and thread safe, and 90 MB is too much to hold twice.
    private static Lazy<MiniLmEmbedder>? shared;
    private readonly Lazy<MiniLmEmbedder> embedder;
    private readonly FSDirectory directory;
    private readonly bool ownsFolder;
    private long collectionDocs;

    public FactCheckIndex(IOptions<FactCheckOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        var o = options.Value;
        Options = o;
        embedder = LazyInitializer.EnsureInitialized(ref shared, () => new Lazy<MiniLmEmbedder>(() => new MiniLmEmbedder(o.EmbeddingThreads)));
        IndexPath = o.IndexPath is { Length: > 0 } p ? p : DefaultPath(configuration, environment);
        ownsFolder = o.IndexPath is not { Length: > 0 } && Data.DataRegistration.DatabaseProviderFrom(configuration) != DatabaseProvider.Sqlite;
        System.IO.Directory.CreateDirectory(IndexPath);
        directory = FSDirectory.Open(IndexPath);
        Lexical = new LexicalIndex(directory);
        Vectors = new VectorStore(384);
        Matcher = new HybridMatcher(new LazyEmbedder(embedder), Lexical, Vectors, new MatchWeights
        {
            SameClaim = o.SameClaimThreshold,
            Related = o.RelatedThreshold,
        });
    }

    public FactCheckOptions Options { get; }
    public string IndexPath { get; }
    public LexicalIndex Lexical { get; }
    public VectorStore Vectors { get; }
    public HybridMatcher Matcher { get; }

    /// <summary>Fact-checks (not desk claims) searchable on this instance.</summary>
    public long CollectionDocuments => Interlocked.Read(ref collectionDocs);

    internal void SetCollectionDocuments(long count) => Interlocked.Exchange(ref collectionDocs, count);

    /// <summary>Raised (on the indexer's thread) after each batch this instance made searchable.</summary>
    public event Action? Changed;

    internal void RaiseChanged() => Changed?.Invoke();

    public static long DeskKey(int claimId) => -(long)claimId;

    private static string DefaultPath(IConfiguration configuration, IHostEnvironment environment)
    {
        var cs = configuration.GetConnectionString("FactDesk") ?? "Data Source=App_Data/factdesk.db";
        if (Data.DataRegistration.DatabaseProviderFrom(configuration) == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(cs).DataSource;
            if (!Path.IsPathRooted(file)) file = Path.Combine(environment.ContentRootPath, file);
            return Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + "-factchecks");
        }
        // Each instance keeps its own index (Lucene allows one writer per folder, and several instances of one database
        // may share a machine and its content root): a folder per instance, rebuilt from the database at start and
        // removed when the instance stops.
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{b.Host}:{b.Port}/{b.Database}")))[..12];
        return Path.Combine(environment.ContentRootPath, "App_Data", "factchecks-" + id, "instance-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public void Dispose()
    {
        Lexical.Dispose();
        directory.Dispose();
        if (ownsFolder)
        {
            try { System.IO.Directory.Delete(IndexPath, recursive: true); }
            catch (IOException) { } // a folder left behind is rebuilt nowhere and harms nothing
            catch (UnauthorizedAccessException) { }
        }
    }

    // the model (90 MB) loads on first use, not at start-up
    private sealed class LazyEmbedder(Lazy<MiniLmEmbedder> inner) : ISentenceEmbedder
    {
        public int Dimensions => 384;
        public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken) => inner.Value.Embed(sentences, cancellationToken);
        public float[][] Embed(IReadOnlyList<string> sentences, Action<int[], float[][]>? ready, CancellationToken cancellationToken) => inner.Value.Embed(sentences, ready, cancellationToken);
    }
}
