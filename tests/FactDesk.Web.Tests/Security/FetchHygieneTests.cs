using System.Diagnostics;
using System.Net;
using FactDesk.Web.Features.Import;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Tests.Security;

public sealed class FetchHygieneTests
{
    [Theory]
    [InlineData("64:ff9b::7f00:1")]          // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")]       // NAT64 of 169.254.169.254 (cloud metadata)
    [InlineData("64:ff9b:1::a00:1")]         // local-use NAT64
    [InlineData("2002:7f00:1::1")]           // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1")]         // 6to4 of 192.168.1.1
    [InlineData("::127.0.0.1")]              // IPv4-compatible
    [InlineData("::10.0.0.1")]
    [InlineData("::ffff:0:127.0.0.1")]       // IPv4-translated
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    public void IsBlocked_AddressesThatReachPrivateIpv4_Blocked(string address) =>
        Assert.True(SafeFetcher.IsBlocked(IPAddress.Parse(address)));

    [Theory]
    [InlineData("64:ff9b::808:808")]    // NAT64 of a public address
    [InlineData("2002:808:808::1")]     // 6to4 of a public address
    [InlineData("2606:4700:4700::1111")]
    [InlineData("93.184.215.14")]
    public void IsBlocked_PublicAddresses_Allowed(string address) =>
        Assert.False(SafeFetcher.IsBlocked(IPAddress.Parse(address)));

    [Fact]
    public async Task Fetch_InsideATrace_SendsNoTracingHeaders()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var site = builder.Build();
        var seen = new List<string>();
        site.MapGet("/story", (HttpRequest r) =>
        {
            lock (seen) seen.AddRange(r.Headers.Keys);
            return Results.Content("<html><body><article><p>The port handled 4.1 million containers in 2024.</p></article></body></html>", "text/html");
        });
        await site.StartAsync();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("FactDesk.Tests.Fetch");
        using var fetcher = new SafeFetcher(Options.Create(new FactDeskOptions { Import = new ImportOptions { AllowPrivateNetworks = true } }), NullLogger<SafeFetcher>.Instance);

        using (source.StartActivity("import"))
        {
            Assert.NotNull(Activity.Current);
            await fetcher.FetchAsync(site.Urls.First().TrimEnd('/') + "/story", null, CancellationToken.None);
        }

        Assert.NotEmpty(seen);
        Assert.DoesNotContain(seen, h => h.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || h.Equals("tracestate", StringComparison.OrdinalIgnoreCase)
            || h.Equals("Request-Id", StringComparison.OrdinalIgnoreCase) || h.Equals("baggage", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Fetch_UrlWithCredentials_RefusedBeforeConnecting()
    {
        using var fetcher = new SafeFetcher(Options.Create(new FactDeskOptions()), NullLogger<SafeFetcher>.Instance);

        var error = await Assert.ThrowsAsync<FactDesk.Core.Import.ImportException>(() => fetcher.FetchAsync("https://user:secretpw@example.org/", null, CancellationToken.None));

        Assert.DoesNotContain("secretpw", error.Message);
    }
}
