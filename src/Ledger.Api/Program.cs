using Ledger.Api.Cli;
using Ledger.Api.Hosting;

// `Ledger` with no verb (or only host options) serves the gateway; verbs are operations tools.
if (args.Length == 0 || args[0].StartsWith('-'))
    return await LedgerHost.ServeAsync(args);
return await LedgerCommands.RunAsync(args);

public partial class Program;
