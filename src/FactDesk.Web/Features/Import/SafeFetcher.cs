using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Import;
using FactDesk.Web.Localization;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Import;

public sealed record FetchedSource(Uri FinalUrl, byte[] Body, string? ContentType);

/// <summary>
/// A download past its size limit: the fetcher says how large and what limit, and the caller words it for what it
/// downloads (an article, a fact-check feed), each with its own setting.
/// </summary>
/// <param name="Size">The announced size, or how much had arrived when the download was stopped.</param>
/// <param name="Limit">The limit the caller gave.</param>
/// <param name="Stopped">The size was not announced: the download was stopped at the limit, so the source is larger still.</param>
public sealed class DownloadTooLargeException(long size, long limit, bool stopped) : Exception($"Download of {size} bytes past the limit of {limit}")
{
    public long Size { get; } = size;
    public long Limit { get; } = limit;
    public bool Stopped { get; } = stopped;
}

/// <summary>
/// Fetches a URL for import without letting it reach the server's own network: http/https only, no loopback,
/// private, link-local or metadata addresses (checked on the resolved address of every connection, so redirects
/// and DNS tricks are covered), at most a few redirects, a timeout and a size limit.
/// </summary>
public sealed partial class SafeFetcher(IOptions<FactDeskOptions> options, ILogger<SafeFetcher> logger) : IDisposable
{
    private readonly ImportOptions _options = options.Value.Import;
    private HttpClient? _client;

    private HttpClient Client => _client ??= CreateClient();

    /// <summary>Fetches <paramref name="url"/> under the rules above.</summary>
    /// <param name="maxBytes">The most the caller takes; the article limit (FactDesk:Import:MaxBytes) when null.</param>
    /// <exception cref="ImportException">The address is refused or the site fails, in the reader's words.</exception>
    /// <exception cref="DownloadTooLargeException">The source is past <paramref name="maxBytes"/>.</exception>
    public async Task<FetchedSource> FetchAsync(string url, IProgress<string>? progress, CancellationToken cancellationToken, long? maxBytes = null)
    {
        var limit = maxBytes ?? _options.MaxBytes;
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri))
            throw new ImportException(Say.Text("Fetch.NotAnAddress"));
        if (UrlHygiene.HasCredentials(uri)) throw new ImportException(Say.CredentialsInAddress());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.FetchTimeoutSeconds));
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                CheckUri(uri);
                progress?.Report(Say.Text("Fetch.Connecting", uri.Host));
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.UserAgent.ParseAdd("FactDesk/1.0 (+fact-check import)");
                request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1");
                using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects)
                        throw new ImportException(Say.Text("Fetch.TooManyRedirects", _options.MaxRedirects));
                    uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    // A redirect may not smuggle credentials in either (nor would they be stored: see ImportService).
                    if (UrlHygiene.HasCredentials(uri)) throw new ImportException(Say.Text("Fetch.RedirectCredentials"));
                    progress?.Report(Say.Text("Fetch.Redirected", uri.Host));
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new ImportException(Say.Text("Fetch.Status", (int)response.StatusCode, response.ReasonPhrase));
                if (response.Content.Headers.ContentLength > limit)
                    throw new DownloadTooLargeException(response.Content.Headers.ContentLength.Value, limit, stopped: false);

                progress?.Report(Say.Text("Fetch.Downloading"));
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                var body = await ReadLimitedAsync(stream, limit, timeout.Token);
                return new FetchedSource(uri, body, response.Content.Headers.ContentType?.ToString());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImportException(Say.Text("Fetch.Timeout." + Plurals.FormOf(_options.FetchTimeoutSeconds, CultureInfo.CurrentUICulture), _options.FetchTimeoutSeconds));
        }
        catch (HttpRequestException ex) when (ex.InnerException is BlockedAddressException blocked)
        {
            throw new ImportException(blocked.Message);
        }
        catch (HttpRequestException ex)
        {
            LogFetchFailed(logger, ex, UrlHygiene.ForLog(uri));
            throw new ImportException(ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => Say.Text("Fetch.NoSuchName", uri.Host),
                HttpRequestError.ConnectionError => Say.Text("Fetch.Refused", uri.Host),
                HttpRequestError.SecureConnectionError => Say.Text("Fetch.Tls"),
                _ => Say.Text("Fetch.Failed"),
            });
        }
    }

    /// <summary>The refusal of an article past the limit, in the language of the page or request that asked.</summary>
    public static string TooLarge(long size, long limit) => Say.Text("Import.TooLarge", FormatSize(size), FormatSize(limit));

    /// <summary>The refusal of an article download past the limit, as <see cref="TooLarge(long, long)"/> says it.</summary>
    public static ImportException TooLarge(DownloadTooLargeException download)
    {
        ArgumentNullException.ThrowIfNull(download);
        var sentence = TooLarge(download.Size, download.Limit);
        return new ImportException(download.Stopped ? sentence + " " + Say.Text("Import.DownloadStopped") : sentence) { TooLarge = true };
    }

    /// <summary>A size as the reader writes it: "1.5 MB", "1,5 МБ".</summary>
    public static string FormatSize(long bytes) => bytes >= 1024 * 1024 ? Say.Text("Size.Megabytes", bytes / 1024d / 1024d) : Say.Text("Size.Kilobytes", bytes / 1024d);

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new DownloadTooLargeException(buffer.Length + read, limit, stopped: true);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private void CheckUri(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            throw new ImportException(Say.Text("Fetch.Scheme", uri.Scheme));
        if (!_options.AllowPrivateNetworks && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) && IsBlocked(literal))
            throw new ImportException(BlockedMessage(literal));
    }

    private static string BlockedMessage(IPAddress address) =>
        Say.Text("Fetch.Blocked", address);

    private HttpClient CreateClient()
    {
        var allowPrivate = _options.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(_options.FetchTimeoutSeconds),
            // No traceparent/tracestate/baggage to the outside site: our trace ids are nobody else's business.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            ConnectCallback = async (context, ct) =>
            {
                // Resolve here and connect to the checked address, so DNS cannot answer differently twice.
                var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var ip)
                    ? [ip]
                    : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
                var allowed = allowPrivate ? addresses : addresses.Where(a => !IsBlocked(a)).ToArray();
                if (allowed.Length == 0)
                    throw new BlockedAddressException(addresses.Length == 0
                        ? Say.Text("Fetch.NameNotFound", context.DnsEndPoint.Host)
                        : BlockedMessage(addresses[0]));
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>True for addresses an import must never reach: loopback, private, link-local (incl. metadata), CGNAT, multicast, unspecified.</summary>
    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,
                169 => b[1] == 254,
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),
                198 => b[1] is 18 or 19,
                >= 224 => true,
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6Teredo
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || (b[0] == 0xFD && b[1] == 0x00 && b[2] == 0x0E && b[3] == 0xC2)) // fd00:ec2::254, AWS metadata over IPv6
                return true;
            // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (IPv4-translated): no public use, and a
            // stack that still honours them reaches the IPv4 address inside.
            if (b.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && ((b[8] | b[9] | b[10] | b[11]) == 0 || (b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)))
                return true;
            // 64:ff9b:1::/48, the local-use NAT64 prefix: whatever it translates to is the operator's own network.
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01) return true;
            // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address a gateway connects to: judge that one.
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
                return IsBlocked(new IPAddress(b.AsSpan(12, 4)));
            if (b[0] == 0x20 && b[1] == 0x02) return IsBlocked(new IPAddress(b.AsSpan(2, 4)));
            return false;
        }
        return true;
    }

    public void Dispose() => _client?.Dispose();

    private sealed class BlockedAddressException(string message) : Exception(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Url} for import failed")]
    private static partial void LogFetchFailed(ILogger logger, Exception ex, string url);
}
