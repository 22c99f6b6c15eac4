namespace Ledger.Api.Tests.Support;

/// <summary>Where tests leave files for people to look at: artifacts/ at the repository root.</summary>
public static class Artifacts
{
    public static string Folder(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? AppContext.BaseDirectory;
        var folder = Path.Combine(root, "artifacts", name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
