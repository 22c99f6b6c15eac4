using System.CommandLine;
using Ledger.Bench.EventStore;
using Ledger.Bench.Gateway;
using Ledger.Bench.Marten;
using Ledger.Bench.ReadModels;
using Ledger.Bench.Tokens;

// one verb per subsystem: add a Command to the list to add one
var root = new RootCommand("Ledger benchmarks. Each verb runs on a fresh database and stops by itself.")
{
    MartenBench.Command(),
    MockUpstream.Command(),
    Seed.Command(),
    LoadDriver.Command(),
    LedgerCheck.Command(),
    MultiNode.Command(),
    ReadModelBench.Command(),
    TokenBench.Command(),
};
return await root.Parse(args).InvokeAsync();
