using FluentValidation;
using Ledger.Api.Commands;
using Ledger.Api.Http;
using Ledger.Api.Inference;
using Ledger.Api.Keys;
using Ledger.Api.Mcp;
using Ledger.Api.Ops;
using Ledger.EventStore;
using Ledger.Gateway;
using Ledger.Projections;
using Ledger.Projections.Admission;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace Ledger.Api.Hosting;

public static class LedgerServices
{
    public static string ConnectionString(IConfiguration config) =>
        config["Ledger:Db"] is { Length: > 0 } db ? db
        : Environment.GetEnvironmentVariable("LEDGER_DB") is { Length: > 0 } env ? env
        : throw new InvalidOperationException("No database configured: set Ledger:Db or LEDGER_DB (scripts/run.sh starts a local PostgreSQL for you).");

    /// <summary>
    /// The one data source. Statements are prepared server-side once used twice (unless the connection
    /// string says otherwise): the request path and the daemon send the same few statements thousands
    /// of times a second, and parsing and planning them each time was a large share of PostgreSQL's CPU.
    /// Prepared statements keep one generic plan (unless the connection string sets Options): they pass
    /// whole batches as arrays through unnest, whose custom plans never look cheaper than the generic
    /// one, so PostgreSQL planned them afresh on every call (measured with pgbench on a row lock taken
    /// through unnest: 0.39 ms a call, 0.135 ms with the generic plan).
    /// </summary>
    /// <summary>
    /// PostgreSQL drops a connection whose node vanished without closing it (power loss, a partition)
    /// within about five seconds instead of the kernel's two hours, so the advisory locks of that node's
    /// daemon are freed and another node takes its read models over: keepalive probes after 2 s idle,
    /// every second, three missed, and unacknowledged data given up after 5 s.
    /// </summary>
    public const string DeadPeerOptions =
        " -c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3 -c tcp_user_timeout=5000";

    public static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "ledger" };
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            (builder.ConnectionStringBuilder.MaxAutoPrepare, builder.ConnectionStringBuilder.AutoPrepareMinUsages) = (64, 2);
        builder.ConnectionStringBuilder.Options ??= "-c plan_cache_mode=force_generic_plan" + DeadPeerOptions;
        // the client notices a silent database host (no RST) as fast: a keepalive probe on idle connections
        if (!builder.ConnectionStringBuilder.TcpKeepAlive)
            (builder.ConnectionStringBuilder.TcpKeepAlive, builder.ConnectionStringBuilder.TcpKeepAliveTime, builder.ConnectionStringBuilder.TcpKeepAliveInterval) = (true, 2, 1);
        return builder.Build();
    }

    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<LedgerOptions>(config.GetSection("Ledger"));
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>()
            .Configure<IOptions<LedgerOptions>>((o, ledger) => ClientAddress.ConfigureForwarding(o, ledger.Value));
        services.AddLedgerOpenApi();
        services.AddWolverineHttp();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => DataSource(ConnectionString(config)));
        services.AddSingleton(_ => LedgerEvents.CreateRegistry());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LedgerOptions>>().Value.Admission);
        services.AddSingleton<AdmissionProjection>();
        // first: the schema is current before Marten's daemon (registered next) starts projecting into it
        services.AddHostedService<StartupMigrations>();
        var runDaemon = config.GetValue("Ledger:RunDaemon", true);
        services.AddMarten(sp => LedgerStore.Options(sp.GetRequiredService<NpgsqlDataSource>()))
            .AddAsyncDaemon(runDaemon ? DaemonMode.HotCold : DaemonMode.Disabled);
        if (runDaemon) services.AddHostedService<ProjectionRequests>();
        services.AddSingleton(sp => new EventStore.EventStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<EventTypeRegistry>(), [sp.GetRequiredService<AdmissionProjection>()]));
        services.AddSingleton<StreamsReader>();
        services.AddSingleton<StreamCommands>();
        services.AddSingleton<KeyMinting>();
        services.AddSingleton<UnknownKeyCache>();
        services.AddSingleton(sp => new RequestLedger(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<EventStore.EventStore>(),
            sp.GetRequiredService<Domain.Admission.AdmissionPolicy>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RequestLedger>>(), shards: Math.Max(1, sp.GetRequiredService<IOptions<LedgerOptions>>().Value.RequestWriters)));
        services.AddSingleton<ReservationSweeper>();
        services.AddSingleton<Settlement>();
        services.AddSingleton<GatewayMetrics>();
        services.AddLedgerHealthChecks();
        services.AddLedgerMcp();
        services.AddLedgerTelemetry(config);   // before the gateway, which takes the tracing decided here
        services.AddLedgerGateway(config);
        services.AddHostedService<SweeperService>();
        foreach (var type in typeof(LedgerServices).Assembly.GetTypes().Where(t => !t.IsAbstract))
            foreach (var validator in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                services.AddSingleton(validator, type);
        return services;
    }
}
