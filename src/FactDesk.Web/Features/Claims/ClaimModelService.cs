using FactDesk.Core.Claims;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Claims;

/// <summary>Which model the desk scores with, and what it says about itself.</summary>
/// <param name="Source"><c>shipped</c> or <c>desk</c>.</param>
/// <param name="DeskModelId">The desk model in use, null for the shipped one.</param>
/// <param name="Threshold">The threshold suggestions use now (the setting's, or else the model's own).</param>
/// <param name="ModelThreshold">The threshold the model chose from cross-validation.</param>
/// <param name="Description">The model's own account of its training and cross-validated figures.</param>
public sealed record ClaimModelInfo(string Source, int? DeskModelId, string Name, double Threshold, double ModelThreshold, string Description, int Weights);

/// <summary>A desk model as listed for Editors (never its bytes).</summary>
public sealed record DeskModelSummary(int Id, string Name, string Description, DateTimeOffset UploadedAt, bool InUse, int SizeBytes);

/// <summary>
/// Keeps the desk's <see cref="ClaimSpotter"/> on the model the desk chose: the shipped one, or one trained on the desk's own
/// labels and uploaded by an Editor. The choice lives in the database, so every instance follows it (checked every few seconds).
/// </summary>
public sealed partial class ClaimModelService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    ClaimSpotter spotter,
    IOptions<FactDeskOptions> options,
    ILogger<ClaimModelService> logger)
{
    public const long MaxModelBytes = 64L * 1024 * 1024;
    private readonly SemaphoreSlim _applying = new(1, 1);
    private int? _appliedId;

    private double? ConfiguredThreshold => options.Value.Claims.SuggestThreshold;

    public ClaimModelInfo Current
    {
        get
        {
            var m = spotter.Model;
            var id = _appliedId;
            return new ClaimModelInfo(id is null ? "shipped" : "desk", id, id is null ? Say.Text("Model.ShippedName") : _appliedName ?? Say.Text("Model.DefaultName"), spotter.Threshold, m.Threshold, m.Description, m.WeightCount);
        }
    }

    private string? _appliedName;

    public async Task<IReadOnlyList<DeskModelSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeskClaimModels.AsNoTracking().OrderByDescending(m => m.Id)
            .Select(m => new DeskModelSummary(m.Id, m.Name, m.Description, m.UploadedAt, m.InUse, m.Bytes.Length)).ToListAsync(cancellationToken);
    }

    /// <summary>Stores a model file written by <c>train-claims</c>; it is checked by loading it, and not used until an Editor switches to it.</summary>
    public Task<WriteResult<DeskModelSummary>> UploadAsync(Actor actor, string? name, byte[] bytes, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, async () =>
        {
            if (!actor.IsEditor) return WriteResult<DeskModelSummary>.Forbidden(Say.Text("Model.OnlyEditorsAdd"));
            if (bytes.Length == 0) return WriteResult<DeskModelSummary>.Invalid(Say.Text("Model.Empty"));
            if (bytes.Length > MaxModelBytes) return WriteResult<DeskModelSummary>.Invalid(Say.Text("Model.TooLarge", MaxModelBytes / (1024 * 1024)));
            ClaimModel model;
            try
            {
                model = ClaimModel.Load(new MemoryStream(bytes));
            }
            catch (ClaimModelException ex)
            {
                return WriteResult<DeskModelSummary>.Invalid(Say.Text("Model.NotAModel", Say.Text(ex.Reason)));
            }
            name = string.IsNullOrWhiteSpace(name) ? Say.Text("Model.DefaultName") : name.Trim();
            if (name.Length > 200) name = name[..200];
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = new DeskClaimModel
            {
                Name = name, Description = model.Description.Length > 4000 ? model.Description[..4000] : model.Description,
                Bytes = bytes, UploadedAt = DateTimeOffset.UtcNow, UploadedById = actor.UserId,
            };
            db.DeskClaimModels.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            LogUploaded(logger, row.Id, actor.UserId, bytes.Length);
            return WriteResult<DeskModelSummary>.Success(new DeskModelSummary(row.Id, row.Name, row.Description, row.UploadedAt, false, bytes.Length));
        });

    /// <summary>Switches the desk to desk model <paramref name="deskModelId"/>, or back to the shipped model when null.</summary>
    public Task<WriteResult<ClaimModelInfo>> UseAsync(Actor actor, int? deskModelId, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, async () =>
        {
            if (!actor.IsEditor) return WriteResult<ClaimModelInfo>.Forbidden(Say.Text("Model.OnlyEditorsSwitch"));
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                if (deskModelId is { } id && !await db.DeskClaimModels.AnyAsync(m => m.Id == id, cancellationToken))
                    return WriteResult<ClaimModelInfo>.NotFound(Say.Text("Model.Missing", id));
                await db.DeskClaimModels.Where(m => m.InUse).ExecuteUpdateAsync(s => s.SetProperty(m => m.InUse, false), cancellationToken);
                if (deskModelId is { } chosen)
                    await db.DeskClaimModels.Where(m => m.Id == chosen).ExecuteUpdateAsync(s => s.SetProperty(m => m.InUse, true), cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            LogSwitched(logger, deskModelId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "shipped", actor.UserId);
            await RefreshAsync(cancellationToken);
            return WriteResult<ClaimModelInfo>.Success(Current);
        });

    /// <summary>Applies the model the database says is in use, if it is not already; a damaged one leaves the shipped model on and is logged.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inUse = await db.DeskClaimModels.AsNoTracking().Where(m => m.InUse).Select(m => new { m.Id, m.Name }).FirstOrDefaultAsync(cancellationToken);
        if (inUse?.Id == _appliedId && (_appliedId is not null || spotter.Model == ClaimModel.Shipped)) return;
        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (inUse is null)
            {
                spotter.Use(null, ConfiguredThreshold);
                (_appliedId, _appliedName) = (null, null);
                return;
            }
            var bytes = await db.DeskClaimModels.AsNoTracking().Where(m => m.Id == inUse.Id).Select(m => m.Bytes).SingleAsync(cancellationToken);
            try
            {
                spotter.Use(ClaimModel.Load(new MemoryStream(bytes)), ConfiguredThreshold);
                (_appliedId, _appliedName) = (inUse.Id, inUse.Name);
            }
            catch (ClaimModelException ex)
            {
                LogDamaged(logger, ex, inUse.Id);
                spotter.Use(null, ConfiguredThreshold);
                (_appliedId, _appliedName) = (null, null);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Desk claim model {ModelId} uploaded by {UserId} ({Bytes} bytes)")]
    private static partial void LogUploaded(ILogger logger, int modelId, string userId, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "The desk now scores claims with the {Model} model (switched by {UserId})")]
    private static partial void LogSwitched(ILogger logger, string model, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Desk claim model {ModelId} could not be loaded; scoring with the shipped model")]
    private static partial void LogDamaged(ILogger logger, Exception ex, int modelId);
}

/// <summary>Follows the desk's model choice: at start, and every few seconds for a switch made on another instance.</summary>
internal sealed partial class ClaimModelFollower(ClaimModelService models, ILogger<ClaimModelFollower> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await models.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
            }
            try
            {
                await Task.Delay(Every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The desk's claim model choice could not be read; scoring goes on with the current model")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
