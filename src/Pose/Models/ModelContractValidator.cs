using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Models;

/// <summary>Checks that a loaded session's input matches its catalog entry's input contract.</summary>
public static class ModelContractValidator
{
    /// <summary>Throws <see cref="ModelCatalogException"/> describing the first mismatch.</summary>
    public static void Validate(ModelEntry entry, InferenceSession session)
    {
        var contract = entry.Input;
        var input = session.Inputs.FirstOrDefault(i => i.Name == contract.Name)
            ?? throw Mismatch(entry, $"it has no input '{contract.Name}' (inputs: {string.Join(", ", session.Inputs)})");

        if (input.ElementType != contract.ElementType)
        {
            throw Mismatch(entry, $"input '{input.Name}' holds {input.ElementType}, the catalog says {contract.ElementType}");
        }

        if (input.Shape.Count != 4)
        {
            throw Mismatch(entry, $"input '{input.Name}' is {input.ShapeText}, not a 4-D image tensor");
        }

        var (c, h, w) = contract.Layout == TensorLayout.Nchw
            ? (input.Shape[1], input.Shape[2], input.Shape[3])
            : (input.Shape[3], input.Shape[1], input.Shape[2]);

        var sizeMatches = (h < 0 || h == contract.Height) && (w < 0 || w == contract.Width);
        if (c != 3 || !sizeMatches)
        {
            throw Mismatch(
                entry,
                $"input '{input.Name}' is {input.ShapeText}; the catalog expects {contract.Layout.ToString().ToUpperInvariant()} with 3 channels at {contract.Width}x{contract.Height}");
        }

        if (contract.Batch == BatchMode.Dynamic && input.Shape[0] >= 0)
        {
            throw Mismatch(entry, $"input '{input.Name}' kept a fixed batch {input.Shape[0]} after the batch rewrite");
        }
    }

    private static ModelCatalogException Mismatch(ModelEntry entry, string what) =>
        new($"Model '{entry.Id}' does not match its catalog family '{entry.Family}': {what}.");
}
