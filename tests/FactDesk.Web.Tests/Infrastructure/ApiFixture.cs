using FactDesk.Web.Data;

namespace FactDesk.Web.Tests.Infrastructure;

/// <summary>
/// One app and database shared by the API tests (start-up and migrations cost seconds), with an Editor, a Reviewer
/// and a Viewer signed in by API token. Tests stay independent by creating their own articles.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public FactDeskFactory Factory { get; } = new();
    public TestUser Editor { get; private set; } = null!;
    public TestUser Reviewer { get; private set; } = null!;
    public TestUser Viewer { get; private set; } = null!;
    public HttpClient EditorClient { get; private set; } = null!;
    public HttpClient ReviewerClient { get; private set; } = null!;
    public HttpClient ViewerClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Editor = await Factory.CreateAccountAsync(Roles.Editor, "Erin Editor");
        Reviewer = await Factory.CreateAccountAsync(Roles.Reviewer, "Rafa Reviewer");
        Viewer = await Factory.CreateAccountAsync(Roles.Viewer, "Vic Viewer");
        EditorClient = await Factory.CreateClientForAsync(Editor);
        ReviewerClient = await Factory.CreateClientForAsync(Reviewer);
        ViewerClient = await Factory.CreateClientForAsync(Viewer);
    }

    public async Task DisposeAsync()
    {
        EditorClient?.Dispose();
        ReviewerClient?.Dispose();
        ViewerClient?.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "API";
}
