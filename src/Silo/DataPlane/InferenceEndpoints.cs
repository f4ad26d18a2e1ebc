using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PoseCluster.Grains.Inference;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Imaging.Jpeg;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo.DataPlane;

/// <summary><c>POST /inference/{pipeline}</c>: runs a peer's JPEG frame on this node's inference grain (see <see cref="DataPlaneWire"/>).</summary>
internal static class InferenceEndpoints
{
    public static IEndpointRouteBuilder MapInferenceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/inference/{pipeline}", InferAsync);
        return routes;
    }

    private static async Task<IResult> InferAsync(string pipeline, HttpContext context, SiloRuntime runtime)
    {
        if (runtime.Node is not { } node)
        {
            return Results.Problem("The silo is not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var grain = node.Inference.Find(pipeline);
        if (grain is null)
        {
            return Results.Problem($"This node does not serve the pipeline {pipeline}.", statusCode: StatusCodes.Status404NotFound);
        }

        var headers = context.Request.Headers;
        if (!Guid.TryParse(headers[DataPlaneWire.CameraHeader], out var camera)
            || !long.TryParse(headers[DataPlaneWire.EpochHeader], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(headers[DataPlaneWire.FrameHeader], NumberStyles.Integer, CultureInfo.InvariantCulture, out var frame))
        {
            return Results.Problem("Camera, epoch and frame headers are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (grain.QueueDepth >= node.Options.Inference.QueueCapacity)
        {
            // Shed load at the door instead of queueing a frame that would push out another one.
            return Results.Problem("The inference queue is full.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var origin = headers[DataPlaneWire.OriginHeader].ToString();
        var length = (int)(context.Request.ContentLength ?? 0);
        if (length <= 0 || length > DataPlaneWire.MaxImageBytes)
        {
            return Results.Problem($"The body must be a JPEG image of 1 to {DataPlaneWire.MaxImageBytes} bytes.", statusCode: StatusCodes.Status400BadRequest);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        RgbImage? image = null;
        try
        {
            await context.Request.Body.ReadExactlyAsync(buffer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
            try
            {
                image = JpegCodec.Decode(buffer.AsSpan(0, length));
            }
            catch (ImageCodecException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            var request = new InferenceRequest(camera, frame, epoch, image, string.IsNullOrWhiteSpace(origin) ? "peer" : origin);
            InferenceResult result;
            try
            {
                result = await grain.InferAsync(request, context.RequestAborted).ConfigureAwait(false);
            }
            catch (InferenceRejectedException e) when (e.Reason is "queue_full" or "stopped")
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var json = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(json))
            {
                DataPlaneWire.WriteInferenceResponse(writer, request, result);
            }

            return Results.Bytes(json.WrittenMemory, "application/json");
        }
        finally
        {
            image?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
