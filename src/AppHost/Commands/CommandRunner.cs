using PoseCluster.AppHost.Setup;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.AppHost.Commands;

/// <summary>Runs a verb's action: Ctrl+C cancels it, and expected failures become one clear line and a non-zero exit.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code for a user error (bad input, missing file, invalid option).</summary>
    public const int UserError = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int InternalError = 1;

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await action(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("POSECLUSTER_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return InternalError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static bool IsUserError(Exception e) => e is SetupException or Cluster.ClusterException or ModelCatalogException or OnnxRuntimeException
        or ImageTooSmallException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
        or InvalidDataException or System.Text.Json.JsonException or PoseCluster.ModelTools.Quantization.UnsupportedModelException || e.GetType().Name == "FrameSourceException";
}
