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
            Description = "The folder to write to, replacing the files in it (the repository's Internal/Generated unless given)",
        };
        var write = new Command("write", "Write the generated endpoint code into the repository's Internal/Generated.") { output };
        write.SetAction(result =>
        {
            var files = LedgerCodegen.Write(result.GetValue(output) ?? Path.Combine(RepositoryRoot(), LedgerWolverine.GeneratedCodeFolder));
            foreach (var file in files) Console.WriteLine(Path.GetRelativePath(Environment.CurrentDirectory, file));
            Console.WriteLine($"{files.Count} files written.");
            return 0;
        });
        return new Command("codegen", "Wolverine's generated endpoint code.") { write };
    }

    /// <summary>
    /// The folder holding Ledger.sln, from the current directory up: `dotnet run --project src/Ledger.Api`
    /// may run in the project's folder, where a path relative to the root lands in src/Ledger.Api/src/….
    /// </summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run codegen inside the repository (no Ledger.sln above the current directory), or pass --output.");
    }
}
