using Ledger.Marten;
using Ledger.Projections.AsyncDaemon;
using Marten;
using Npgsql;

namespace Ledger.Projections;

/// <summary>The ledger's Marten store: the event configuration and the read models, on one data source.</summary>
public static class LedgerStore
{
    public static StoreOptions Options(NpgsqlDataSource db)
    {
        var options = new StoreOptions();
        options.Connection(db);
        LedgerMarten.Configure(options);
        MartenReadModels.AddTo(options);
        return options;
    }

    /// <summary>A store for tools that run without the gateway's host (the command-line verbs, the benchmarks).</summary>
    public static DocumentStore Open(NpgsqlDataSource db) => new(Options(db));
}
