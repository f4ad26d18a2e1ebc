using System.Security.Cryptography;
using PoseCluster.Gateway.Auth;

namespace PoseCluster.AppHost.Local;

/// <summary>
/// The first admin's password for the launchers (<c>demo</c>, <c>up</c>): POSECLUSTER_ADMIN_PASSWORD, else one generated
/// once and kept in a 0600 file, so it is never printed.
/// </summary>
internal static class AdminPasswordFile
{
    /// <summary>The file name under the launcher's data folder.</summary>
    public const string FileName = "admin-password";

    /// <summary>The password and where it came from (for the console: the variable or the file, never the value).</summary>
    public static (string Password, string Source) Resolve(string folder)
    {
        if (Environment.GetEnvironmentVariable(GatewayAuthOptions.AdminPasswordVariable) is { Length: >= 8 } configured)
        {
            return (configured, $"from {GatewayAuthOptions.AdminPasswordVariable}");
        }

        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
            File.WriteAllText(file, generated + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var shown = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return (File.ReadAllText(file).Trim(), $"in {(shown.StartsWith("..", StringComparison.Ordinal) ? file : shown)}");
    }
}
