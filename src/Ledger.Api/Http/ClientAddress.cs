using System.Net;
using System.Net.Sockets;
using Ledger.Api.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ledger.Api.Http;

/// <summary>
/// Who is calling, by network address, for the per-address limits. The address is the connection's
/// peer; behind a proxy listed in Ledger:TrustedProxies, the ForwardedHeaders middleware has already
/// replaced it with the client X-Forwarded-For names. From anyone else the header is ignored, or any
/// caller could claim a fresh address per request.
/// </summary>
public static class ClientAddress
{
    /// <summary>
    /// The key a client's actions are counted under. IPv6 clients count by their /64: one host is
    /// routinely given a whole /64, so counting single addresses would limit nothing.
    /// </summary>
    public static string Of(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Believes X-Forwarded-For from the configured proxies only (ASP.NET Core trusts loopback by default: not here).</summary>
    public static void ConfigureForwarding(ForwardedHeadersOptions o, LedgerOptions ledger)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        // walk back through every trusted hop, not just the last one; an untrusted hop stops the walk
        o.ForwardLimit = null;
        foreach (var entry in ledger.TrustedProxies.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
            else throw new InvalidOperationException($"Ledger:TrustedProxies has '{entry}', which is neither an IP address nor a network such as 10.0.0.0/8.");
        }
    }
}
