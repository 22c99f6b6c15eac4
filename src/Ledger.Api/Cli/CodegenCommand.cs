using System.CommandLine;
using Ledger.Api.Hosting;

namespace Ledger.Api.Cli;

/// <summary>`codegen write`: regenerates the Wolverine endpoint code committed under Internal/Generated.</summary>
internal static class CodegenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output")
        {
            Description = "The folder to write to, replacing the files in it",
            DefaultValueFactory = _ => LedgerWolverine.GeneratedCodeFolder,
        };
        var write = new Command("write", "Write the generated endpoint code (run from the repository's root).") { output };
        write.SetAction(result =>
        {
            var files = LedgerCodegen.Write(result.GetValue(output)!);
            foreach (var file in files) Console.WriteLine(Path.GetRelativePath(Environment.CurrentDirectory, file));
            Console.WriteLine($"{files.Count} files written.");
            return 0;
        });
        return new Command("codegen", "Wolverine's generated endpoint code.") { write };
    }
}
