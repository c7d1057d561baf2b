using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FactDesk.Benchmarks.Load;

/// <summary>
/// The floor: a minimal raw WebSocket relay on Kestrel. Every text message a socket sends goes to every other socket
/// (to the sender itself only when it is alone, so N = 1 measures a round trip like the hub's N = 1). No storage, no
/// protocol, no auth. Each socket has one outgoing queue and one send loop, as SignalR does.
/// Run as its own process: <c>FactDesk.Benchmarks relay --port 5123</c>.
/// </summary>
public static class RawRelay
{
    private sealed class Peer(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public Channel<byte[]> Outbox { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    }

    public static void Run(string[] args)
    {
        var port = int.Parse(args[Array.IndexOf(args, "--port") + 1], System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseWebSockets();
        var peers = new ConcurrentDictionary<Peer, byte>();
        app.MapGet("/healthz", () => "ok");
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var peer = new Peer(socket);
            peers[peer] = 0;
            var sender = Task.Run(async () =>
            {
                try
                {
                    await foreach (var message in peer.Outbox.Reader.ReadAllAsync())
                        await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
                }
                catch (Exception) { /* closed */ }
            });
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var count = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                        count += result.Count;
                    } while (!result.EndOfMessage && count < buffer.Length);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    var message = buffer.AsSpan(0, count).ToArray();
                    var delivered = false;
                    foreach (var other in peers.Keys)
                    {
                        if (other == peer) continue;
                        other.Outbox.Writer.TryWrite(message);
                        delivered = true;
                    }
                    if (!delivered) peer.Outbox.Writer.TryWrite(message);
                }
            }
            catch (Exception) { /* dropped */ }
            finally
            {
                peers.TryRemove(peer, out _);
                peer.Outbox.Writer.TryComplete();
            }
            await sender;
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        });
        app.Run();
    }
}
