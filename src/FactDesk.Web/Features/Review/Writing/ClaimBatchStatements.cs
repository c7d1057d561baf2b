using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using FactDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// The group commit's statements, made once per model (one per database provider): its two reads and its writes, whose
/// table names, column names and value conversions all come from the EF model, so they follow the schema and the
/// provider (SQLite, PostgreSQL) like EF's own SQL does. The hottest write thus skips the LINQ pipeline and the change
/// tracker, which cost more than the database work for small batches. Everything else writes through EF as usual.
/// </summary>
internal sealed class ClaimBatchStatements
{
    private static readonly ConcurrentDictionary<IModel, ClaimBatchStatements> ByModel = new();

    public sealed record ArticleRow(int Id, int LastEventNumber, bool Blind);

    /// <param name="ReadVersion">The version the claim had when read, which its UPDATE is guarded by.</param>
    public sealed record ClaimRow(Claim Claim, int ReadVersion, string? AssigneeName, int EvidenceCount, int NoteCount);

    private readonly ISqlGenerationHelper _sql;
    private readonly Column<Claim>[] _claimSet;
    private readonly Column<Claim> _claimId;
    private readonly Column<Claim> _claimVersion;
    private readonly string _claimTable;
    private readonly Column<ReviewEvent>[] _eventColumns;
    private readonly string _eventTable;
    private readonly Column<Article> _articleId;
    private readonly Column<Article> _articleCounter;
    private readonly string _articleTable;
    private readonly string _selectArticle;
    private readonly IColumn[] _selectArticleColumns;
    private readonly string _selectClaims;
    private readonly Column<Claim>[] _claimColumns;
    private readonly string _updateClaim;
    private readonly IColumn[] _updateClaimColumns;
    private readonly string _insertEvent;
    private readonly IColumn[] _insertEventColumns;
    private readonly string _updateArticle;
    private readonly IColumn[] _updateArticleColumns;

    /// <summary>The columns a claim change writes. <see cref="ClaimPatching.Apply"/> sets the first five.</summary>
    internal static readonly string[] ClaimColumns =
    [
        nameof(Claim.State), nameof(Claim.Verdict), nameof(Claim.Conclusion), nameof(Claim.Claimant), nameof(Claim.AssigneeId),
        nameof(Claim.Version), nameof(Claim.UpdatedAt), nameof(Claim.UpdatedById),
    ];

    private ClaimBatchStatements(FactDeskDbContext db)
    {
        _sql = db.GetService<ISqlGenerationHelper>();
        var claim = db.Model.FindEntityType(typeof(Claim))!;
        _claimTable = Table(claim);
        _claimSet = ClaimColumns.Select(name => Column<Claim>.Of(claim, name, _sql)).ToArray();
        _claimId = Column<Claim>.Of(claim, nameof(Claim.Id), _sql);
        _claimVersion = Column<Claim>.Of(claim, nameof(Claim.Version), _sql);

        // Every stored property of an Event except its generated key, so a new column cannot be left out silently.
        var ev = db.Model.FindEntityType(typeof(ReviewEvent))!;
        _eventTable = Table(ev);
        _eventColumns = ev.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
            .Select(p => Column<ReviewEvent>.Of(ev, p.Name, _sql)).ToArray();

        var article = db.Model.FindEntityType(typeof(Article))!;
        _articleTable = Table(article);
        _articleId = Column<Article>.Of(article, nameof(Article.Id), _sql);
        _articleCounter = Column<Article>.Of(article, nameof(Article.LastEventNumber), _sql);

        string Table(IEntityType type) => _sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
        string P(int i) => _sql.GenerateParameterNamePlaceholder("p" + i);
        string Col(IEntityType type, string property) => ColumnName(type, property, _sql);

        // The article's counter and whether a blind first pass is open on it (then Reviewers propose in the session).
        var session = db.Model.FindEntityType(typeof(ReviewSession))!;
        _selectArticleColumns = [_articleId, Column<ReviewSession>.Of(session, nameof(ReviewSession.Status), _sql), Column<ReviewSession>.Of(session, nameof(ReviewSession.Blind), _sql)];
        _selectArticle = $"SELECT a.{_articleCounter.Name}, CASE WHEN EXISTS (SELECT 1 FROM {Table(session)} s " +
            $"WHERE s.{Col(session, nameof(ReviewSession.ArticleId))} = {P(0)} AND s.{Col(session, nameof(ReviewSession.Status))} = {P(1)} " +
            $"AND s.{Col(session, nameof(ReviewSession.Blind))} = {P(2)} AND s.{Col(session, nameof(ReviewSession.RevealedAt))} IS NULL) THEN 1 ELSE 0 END " +
            $"FROM {_articleTable} a WHERE a.{_articleId.Name} = {P(0)}";

        // Every stored column of the claims, with what their replies need besides: the same values as
        // ClaimProjections.ToDto (assignee's name; evidence and notes not counted while blind).
        var users = db.Model.FindEntityType(typeof(AppUser))!;
        var evidence = db.Model.FindEntityType(typeof(Evidence))!;
        var notes = db.Model.FindEntityType(typeof(Note))!;
        _claimColumns = claim.GetProperties().Select(p => Column<Claim>.Of(claim, p.Name, _sql)).ToArray();
        _selectClaims = $"SELECT {string.Join(", ", _claimColumns.Select(c => "c." + c.Name))}, u.{Col(users, nameof(AppUser.DisplayName))}, " +
            $"(SELECT COUNT(*) FROM {Table(evidence)} e WHERE e.{Col(evidence, nameof(Evidence.ClaimId))} = c.{_claimId.Name} AND e.{Col(evidence, nameof(Evidence.BlindOwnerId))} IS NULL), " +
            $"(SELECT COUNT(*) FROM {Table(notes)} n WHERE n.{Col(notes, nameof(Note.ClaimId))} = c.{_claimId.Name} AND n.{Col(notes, nameof(Note.BlindOwnerId))} IS NULL) " +
            $"FROM {_claimTable} c LEFT JOIN {Table(users)} u ON u.{Col(users, nameof(AppUser.Id))} = c.{Col(claim, nameof(Claim.AssigneeId))} " +
            $"WHERE c.{Col(claim, nameof(Claim.ArticleId))} = {P(0)} AND c.{_claimId.Name} IN (";

        _updateClaim = $"UPDATE {_claimTable} SET {string.Join(", ", _claimSet.Select((c, i) => $"{c.Name} = {P(i)}"))} " +
            $"WHERE {_claimId.Name} = {P(_claimSet.Length)} AND {_claimVersion.Name} = {P(_claimSet.Length + 1)}";
        _updateClaimColumns = [.. _claimSet, _claimId, _claimVersion];
        _insertEvent = $"INSERT INTO {_eventTable} ({string.Join(", ", _eventColumns.Select(c => c.Name))}) " +
            $"VALUES ({string.Join(", ", _eventColumns.Select((_, i) => P(i)))})";
        _insertEventColumns = [.. _eventColumns];
        _updateArticle = $"UPDATE {_articleTable} SET {_articleCounter.Name} = {P(0)} WHERE {_articleId.Name} = {P(1)} AND {_articleCounter.Name} = {P(2)}";
        _updateArticleColumns = [_articleCounter, _articleId, _articleCounter];
    }

    public static ClaimBatchStatements For(FactDeskDbContext db) => ByModel.GetOrAdd(db.Model, _ => new ClaimBatchStatements(db));

    /// <summary>The article's Event counter and whether a blind first pass is open on it; null if there is no such article.</summary>
    public async Task<ArticleRow?> ReadArticleAsync(FactDeskDbContext db, int articleId)
    {
        await using var command = Command(db, _selectArticle, _selectArticleColumns, [articleId, SessionStatus.Open, true]);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new ArticleRow(articleId, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture) != 0);
    }

    /// <summary>The claims of the article among <paramref name="ids"/>, untracked, each with its assignee's name and counts.</summary>
    public async Task<Dictionary<int, ClaimRow>> ReadClaimsAsync(FactDeskDbContext db, int articleId, IReadOnlyList<int> ids)
    {
        var sql = new StringBuilder(_selectClaims, _selectClaims.Length + 8 * ids.Count);
        var columns = new IColumn[ids.Count + 1];
        var values = new object?[ids.Count + 1];
        columns[0] = _articleId;
        values[0] = articleId;
        for (var i = 0; i < ids.Count; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append(_sql.GenerateParameterNamePlaceholder("p" + (i + 1)));
            columns[i + 1] = _claimId;
            values[i + 1] = ids[i];
        }
        sql.Append(')');
        await using var command = Command(db, sql.ToString(), columns, values);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<int, ClaimRow>(ids.Count);
        var extra = _claimColumns.Length;
        while (await reader.ReadAsync())
        {
            var claim = new Claim();
            for (var i = 0; i < _claimColumns.Length; i++) _claimColumns[i].Read(reader, i, claim);
            rows[claim.Id] = new ClaimRow(claim, claim.Version, reader.IsDBNull(extra) ? null : reader.GetString(extra),
                Convert.ToInt32(reader.GetValue(extra + 1), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(extra + 2), CultureInfo.InvariantCulture));
        }
        return rows;
    }

    private static DbCommand Command(FactDeskDbContext db, string sql, IColumn[] columns, object?[] values)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The group commit works inside its transaction.");
        command.CommandText = sql;
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(columns[i].CreateParameter(command, "p" + i, values[i]));
        return command;
    }

    /// <summary>
    /// Stores the batch's claim changes, its Events and the article's new counter in the open transaction, each row
    /// guarded by its concurrency token (the version a claim was read at, the counter the article was read at).
    /// Where the provider batches commands (Npgsql) the rows go in one round trip; otherwise (SQLite, in-process) each
    /// statement is prepared once per batch and run row by row, since one long multi-statement command would bind
    /// every parameter to every statement.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">Another writer changed one of these rows since it was read.</exception>
    public async Task WriteAsync(FactDeskDbContext db, IReadOnlyCollection<(Claim Claim, int ReadVersion)> claims,
        IReadOnlyList<ReviewEvent> events, int articleId, int readCounter, int newCounter)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The group commit writes inside its transaction.");
        var rows = new List<(string Sql, IColumn[] Columns, object?[] Values)>(claims.Count + events.Count + 1);
        foreach (var (claim, readVersion) in claims)
            rows.Add((_updateClaim, _updateClaimColumns, [.. _claimSet.Select(c => c.Get(claim)), claim.Id, readVersion]));
        foreach (var e in events)
            rows.Add((_insertEvent, _insertEventColumns, [.. _eventColumns.Select(c => c.Get(e))]));
        rows.Add((_updateArticle, _updateArticleColumns, [newCounter, articleId, readCounter]));

        var affected = 0;
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            await using var factory = connection.CreateCommand();
            foreach (var (sql, columns, values) in rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                // EF's mappings make a parameter from a command (without adding it there); it goes to the batch's command.
                for (var i = 0; i < columns.Length; i++) command.Parameters.Add(columns[i].CreateParameter(factory, "p" + i, values[i]));
                batch.BatchCommands.Add(command);
            }
            affected = await batch.ExecuteNonQueryAsync();
        }
        else
        {
            var commands = new Dictionary<string, DbCommand>(3);
            try
            {
                foreach (var (sql, columns, values) in rows)
                {
                    if (!commands.TryGetValue(sql, out var command))
                    {
                        commands[sql] = command = Command(db, sql, columns, values);
                    }
                    else
                    {
                        for (var i = 0; i < columns.Length; i++) columns[i].SetValue(command.Parameters[i], values[i]);
                    }
                    affected += await command.ExecuteNonQueryAsync();
                }
            }
            finally
            {
                foreach (var command in commands.Values) await command.DisposeAsync();
            }
        }
        if (affected != rows.Count)
            throw new DbUpdateConcurrencyException($"The group commit expected to change {rows.Count} rows of article {articleId} and changed {affected}: another writer got there first.");
    }

    private interface IColumn
    {
        DbParameter CreateParameter(DbCommand command, string name, object? value);
        void SetValue(DbParameter parameter, object? value);
    }

    private static string ColumnName(IEntityType type, string propertyName, ISqlGenerationHelper sql)
    {
        var property = type.FindProperty(propertyName) ?? throw new InvalidOperationException($"{type.DisplayName()} has no property {propertyName}.");
        return sql.DelimitIdentifier(property.GetColumnName(StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()))!);
    }

    /// <summary>One column: its delimited name, how to read its value off the entity, and EF's mapping for the parameter.</summary>
    private sealed class Column<T> : IColumn
    {
        private readonly RelationalTypeMapping _mapping;
        private readonly bool _nullable;
        private readonly System.Reflection.PropertyInfo _info;
        private readonly Func<T, object?> _get;
        private readonly Func<DbDataReader, int, object?> _read;

        private Column(string name, RelationalTypeMapping mapping, bool nullable, System.Reflection.PropertyInfo info)
        {
            (Name, _mapping, _nullable, _info) = (name, mapping, nullable, info);
            _get = entity => info.GetValue(entity);
            // Read as the provider's type (a long for SQLite's binary timestamps, a string for enums, DateTimeOffset for
            // PostgreSQL's timestamptz), then convert back the way EF does.
            var providerType = mapping.Converter?.ProviderClrType ?? info.PropertyType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            _read = (Func<DbDataReader, int, object?>)typeof(Column<T>).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(providerType).CreateDelegate(typeof(Func<DbDataReader, int, object?>));
        }

        public string Name { get; }

        public object? Get(T entity) => _get(entity);

        private static object? ReadAs<TValue>(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<TValue>(ordinal);

        /// <summary>Sets this column's value from the reader onto <paramref name="entity"/>.</summary>
        public void Read(DbDataReader reader, int ordinal, T entity)
        {
            var value = _read(reader, ordinal);
            if (_mapping.Converter is { } converter) value = converter.ConvertFromProvider(value);
            _info.SetValue(entity, value);
        }


        public static Column<T> Of(IEntityType type, string propertyName, ISqlGenerationHelper sql)
        {
            var property = type.FindProperty(propertyName)!;
            var info = property.PropertyInfo ?? throw new InvalidOperationException($"{type.DisplayName()}.{propertyName} is not a CLR property.");
            return new Column<T>(ColumnName(type, propertyName, sql), (RelationalTypeMapping)property.GetTypeMapping(), property.IsNullable, info);
        }

        // The mapping applies the value converter (enums as strings, timestamps as SQLite's binary form or UTC) and
        // sets the provider's parameter type, exactly as EF's own commands do.
        public DbParameter CreateParameter(DbCommand command, string name, object? value) =>
            _mapping.CreateParameter(command, name, value, _nullable);

        /// <summary>A new value for a parameter this column made, converted the same way.</summary>
        public void SetValue(DbParameter parameter, object? value) =>
            parameter.Value = (_mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
    }
}
