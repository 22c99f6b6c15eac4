using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace Ledger.Api.Hosting;

/// <summary>
/// Writes the C# that Wolverine runs for each endpoint (what JasperFx's `codegen write` does, without its
/// command line, which would take over ours). The host is built, never started: no database is reached.
/// </summary>
public static class LedgerCodegen
{
    /// <summary>Writes every generated file under <paramref name="directory"/>, first removing the ones there; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (Directory.Exists(directory))
            foreach (var stale in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
                File.Delete(stale);

        var written = new List<string>();
        // Wolverine maps its endpoints without loading their pre-built types while this is set
        DynamicCodeBuilder.WithinCodegenCommand = true;
        try
        {
            // the host reads the database only once started; the builder needs a connection string all the same
            using var app = LedgerHost.Build(["--Ledger:Db=Host=codegen.invalid"], generatedCodeOutput: directory);
            var builder = new DynamicCodeBuilder(app.Services, app.Services.GetServices<ICodeFileCollection>().ToArray())
            {
                ServiceVariableSource = app.Services.GetService<IServiceVariableSource>(),
            };
            builder.WriteGeneratedCode(written.Add);
        }
        finally
        {
            DynamicCodeBuilder.WithinCodegenCommand = false;
        }
        return written;
    }
}
