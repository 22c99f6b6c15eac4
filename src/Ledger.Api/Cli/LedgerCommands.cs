using System.CommandLine;
using Ledger.Api.Hosting;
using Ledger.Api.Mcp;
using Ledger.EventStore;
using Ledger.EventStore.Migrating;
using Ledger.Projections;
using Npgsql;

namespace Ledger.Api.Cli;

/// <summary>Operations verbs of the Ledger program. Each reads the same configuration as the gateway.</summary>
public static class LedgerCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Ledger: an LLM API gateway on an event-sourced usage ledger.");

        var serve = new Command("serve", "Run the gateway (migrates first). Host options such as --urls pass through.");
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((result, ct) => LedgerHost.ServeAsync(result.UnmatchedTokens.ToArray()));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate",
            "Apply pending schema migrations (Marten's event tables, then the read models'), import the events of a database made before Marten, and exit.");
        migrate.SetAction(async (_, ct) =>
        {
            await using var db = OpenDatabase();
            using var store = LedgerStore.Open(db);
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var applied = await new MigrationRunner(db).ApplyAsync(LedgerSchema.All, ct);
            Console.WriteLine($"Schema is current ({applied.Count} applied now).");
            try
            {
                var imported = await new LegacyImport(db, store).RunAsync(ct);
                if (imported.Copied > 0)
                    Console.WriteLine($"Imported {imported.Copied:N0} events of {imported.Streams:N0} streams from the store before Marten " +
                                      $"(old seq {imported.FirstSeq} to {imported.LastSeq}); the new chain verifies. The old tables are left as they were.");
            }
            catch (LegacyImportRefusedException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            return 0;
        });
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(ProjectionCommands.Rebuild());
        root.Subcommands.Add(ProjectionCommands.Verify());
        root.Subcommands.Add(ProjectionCommands.Status());
        root.Subcommands.Add(ProjectionCommands.Resume());
        root.Subcommands.Add(InvoiceCommand.Create());
        root.Subcommands.Add(CodegenCommand.Create());

        var mcp = new Command("mcp", $"Serve the MCP management tools on stdin/stdout, acting as the full-scope key in {McpStdio.KeyVariable}.");
        mcp.SetAction((_, ct) => McpStdio.RunAsync(ct));
        root.Subcommands.Add(mcp);

        return await root.Parse(args).InvokeAsync();
    }

    internal static NpgsqlDataSource OpenDatabase() =>
        NpgsqlDataSource.Create(LedgerServices.ConnectionString(CliConfiguration.Load()));
}
