using System.Net;
using System.Net.Sockets;

namespace Bench.Hosting;

public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port the OS just handed out on loopback, never one this process handed out before: the OS may
    /// give a just-released port again, and PostgreSQL and DynamoDB Local, started side by side, once both got
    /// 37001 (DynamoDB Local then died on bind). Another process could still take it before the engine binds it;
    /// engines that fail to start are retried on a new port.</summary>
    public static int Next()
    {
        for (int attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (HandedOut)
                if (HandedOut.Add(port) || attempt >= 100) return port;
        }
    }
}
