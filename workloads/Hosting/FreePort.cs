using System.Net;
using System.Net.Sockets;

namespace Bench.Hosting;

public static class FreePort
{
    /// <summary>A port the OS just handed out on loopback. Another process could take it before the
    /// engine binds it; engines that fail to start are retried on a new port.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
