using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Data;

/// <summary>
/// "Contains, ignoring case" over text columns, the same on both providers: SQLite's LIKE ignores ASCII case, while
/// PostgreSQL's is case-sensitive (ILIKE is not). The term is matched literally: % _ and \ in it are escaped.
/// </summary>
internal static class TextSearch
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    /// <summary>Rows where any of <paramref name="columns"/> contains <paramref name="term"/>, ignoring case.</summary>
    public static IQueryable<T> WhereAnyContains<T>(this IQueryable<T> query, DbContext db, string term, params Expression<Func<T, string?>>[] columns)
    {
        var pattern = new Pattern("%" + Escape(term.Trim()) + "%");
        var like = db.Database.IsNpgsql() ? ILike : Like;
        var row = Expression.Parameter(typeof(T), "row");
        // A member of a closure object, so EF sends the pattern as a parameter rather than inlining it.
        var patternValue = Expression.Property(Expression.Constant(pattern), nameof(Pattern.Value));
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = new ReplaceParameter(column.Parameters[0], row).Visit(column.Body);
            Expression match = Expression.Call(like, Expression.Constant(EF.Functions), value, patternValue, Expression.Constant("\\"));
            match = Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), match);
            any = any is null ? match : Expression.OrElse(any, match);
        }
        return any is null ? query : query.Where(Expression.Lambda<Func<T, bool>>(any, row));
    }

    internal static string Escape(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class Pattern(string value)
    {
        public string Value { get; } = value;
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
