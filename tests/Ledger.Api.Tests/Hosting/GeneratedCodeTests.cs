using Ledger.Api.Hosting;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Hosting;

/// <summary>Codegen sets a process-wide flag that every host reads while it maps its endpoints: alone, after the rest.</summary>
[CollectionDefinition(nameof(Codegen), DisableParallelization = true)]
public sealed class Codegen;

/// <summary>
/// The gateway runs the Wolverine endpoint code committed under Internal/Generated (TypeLoadMode.Static).
/// An endpoint changed without regenerating would run its old code, or none: this generates the code
/// afresh, in a scratch folder, and compares it file by file with what is committed.
/// </summary>
[Collection(nameof(Codegen))]
public sealed class GeneratedCodeTests
{
    private const string Regenerate = "regenerate it from the repository's root: dotnet run --project src/Ledger.Api -- codegen write";

    [Fact]
    public void the_committed_endpoint_code_is_what_codegen_writes_now()
    {
        var committed = Path.Combine(Shell.RepoRoot(), LedgerWolverine.GeneratedCodeFolder);
        var fresh = Directory.CreateTempSubdirectory("ledger-codegen-").FullName;
        try
        {
            LedgerCodegen.Write(fresh).ShouldNotBeEmpty();

            Differences(committed, fresh).ShouldBeEmpty($"The committed generated code is stale: {Regenerate}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    [Fact]
    public void an_edited_a_missing_and_an_extra_file_are_each_a_difference()
    {
        var committed = Path.Combine(Shell.RepoRoot(), LedgerWolverine.GeneratedCodeFolder);
        var copy = Directory.CreateTempSubdirectory("ledger-codegen-").FullName;
        try
        {
            foreach (var (name, text) in Files(committed))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, name))!);
                File.WriteAllText(Path.Combine(copy, name), text);
            }
            var names = Files(committed).Keys.Order().ToArray();
            File.AppendAllText(Path.Combine(copy, names[0]), "// edited\n");
            File.Delete(Path.Combine(copy, names[1]));
            File.WriteAllText(Path.Combine(copy, "Extra.cs"), "");

            Differences(copy, committed).ShouldBe(
                [$"{names[0]}: differs", $"{names[1]}: missing from {copy}", "Extra.cs: not generated any more"], ignoreOrder: true);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>How <paramref name="committed"/> differs from <paramref name="generated"/>, one line a file.</summary>
    private static List<string> Differences(string committed, string generated)
    {
        var have = Files(committed);
        var want = Files(generated);
        return
        [
            .. want.Keys.Where(k => !have.ContainsKey(k)).Select(k => $"{k}: missing from {committed}"),
            .. have.Keys.Where(k => !want.ContainsKey(k)).Select(k => $"{k}: not generated any more"),
            .. want.Keys.Where(k => have.TryGetValue(k, out var text) && text != want[k]).Select(k => $"{k}: differs"),
        ];
    }

    private static Dictionary<string, string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllText);
}
