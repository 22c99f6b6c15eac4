using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ledger.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Binds Ledger:Gateway (validated when the host starts), and registers the configured providers and the router
    /// as singletons. Extra <see cref="IChatProvider"/> registrations (a test's fake) join the configured ones.
    /// </summary>
    public static IServiceCollection AddLedgerGateway(this IServiceCollection s, IConfiguration c)
    {
        s.AddOptions<GatewayOptions>().Bind(c.GetSection(GatewayOptions.Section)).ValidateOnStart();
        s.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        s.TryAddSingleton(TimeProvider.System);
        s.TryAddSingleton(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value);
        s.TryAddSingleton(sp => new FxRates(sp.GetRequiredService<GatewayOptions>()));
        // the host decides whether it traces (and registers its own); without one, no spans
        s.TryAddSingleton(GatewayTracing.Off);
        s.TryAddSingleton(sp => new ConfiguredProviders(sp.GetRequiredService<GatewayOptions>(), sp.GetRequiredService<TimeProvider>(),
            traced: sp.GetRequiredService<GatewayTracing>().Enabled));
        s.TryAddSingleton(sp => new ProviderRouter(
            sp.GetRequiredService<ConfiguredProviders>().All.Concat(sp.GetServices<IChatProvider>()),
            sp.GetRequiredService<GatewayOptions>(),
            sp.GetRequiredService<FxRates>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GatewayTracing>()));
        return s;
    }
}
