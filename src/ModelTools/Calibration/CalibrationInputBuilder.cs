using PoseCluster.Pose;
using PoseCluster.Pose.Detection;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.ModelTools.Calibration;

/// <summary>
/// Turns frames into model inputs exactly as the pipelines pre-process them (the catalog's input contract): whole
/// frames letterboxed for detectors and bottom-up models; for top-down pose models, crops of the people a person
/// detector finds, so the activations seen in calibration are the ones the model meets in a pipeline.
/// </summary>
public static class CalibrationInputBuilder
{
    /// <summary>
    /// Builds up to <paramref name="maxSamples"/> samples for <paramref name="model"/>. <paramref name="detector"/>
    /// is required for affine-crop (top-down) models; frames without a detection contribute a centre crop.
    /// </summary>
    public static List<CalibrationSample> Build(ModelEntry model, IReadOnlyList<RgbImage> frames, int maxSamples, IPersonDetector? detector)
    {
        var writer = new InputTensorWriter(model.Input);
        var samples = new List<CalibrationSample>();
        var detections = new List<PersonDetection>();
        for (var f = 0; f < frames.Count && samples.Count < maxSamples; f++)
        {
            var frame = frames[f];
            if (model.Input.Resize != ResizeMode.AffineCrop)
            {
                var plan = model.Input.Resize == ResizeMode.Stretch
                    ? SamplingPlan.Stretch(frame.Width, frame.Height, model.Input.Width, model.Input.Height)
                    : SamplingPlan.Letterbox(frame.Width, frame.Height, model.Input.Width, model.Input.Height, model.Input.Anchor);
                samples.Add(new CalibrationSample([Write(model, writer, frame, plan)], $"frame {f}"));
                continue;
            }

            if (detector is null)
            {
                throw new ArgumentException($"Model '{model.Id}' takes person crops: calibrating it needs a person detector.");
            }

            detector.Detect(frame, detections);
            var aspect = (float)model.Decode.Number("cropAspect", (double)model.Input.Width / model.Input.Height);
            var scale = (float)model.Decode.Number("cropScale", 1.25);
            var boxes = detections.Count > 0
                ? detections.Select(d => d.Box).ToList()
                : [new BoundingBox(frame.Width * 0.25f, frame.Height * 0.1f, frame.Width * 0.75f, frame.Height * 0.9f)];

            // A few people per frame: more frames rather than many crops of one crowd.
            foreach (var box in boxes.Take(4))
            {
                if (samples.Count >= maxSamples)
                {
                    break;
                }

                var plan = PersonCrop.Plan(box, aspect, scale, model.Input.Width, model.Input.Height);
                samples.Add(new CalibrationSample([Write(model, writer, frame, plan)], $"frame {f} box {box}"));
            }
        }

        return samples;
    }

    private static ModelInputTensor Write(ModelEntry model, InputTensorWriter writer, RgbImage frame, in SamplingPlan plan)
    {
        var input = model.Input;
        long[] shape = input.Layout == TensorLayout.Nhwc ? [1, input.Height, input.Width, 3] : [1, 3, input.Height, input.Width];
        if (input.ElementType == TensorElementType.Int32)
        {
            var ints = new int[writer.ElementsPerImage];
            writer.Write(frame, plan, ints.AsSpan());
            return new ModelInputTensor { Name = input.Name, Shape = shape, Ints = ints };
        }

        var floats = new float[writer.ElementsPerImage];
        writer.Write(frame, plan, floats.AsSpan());
        return new ModelInputTensor { Name = input.Name, Shape = shape, Floats = floats };
    }
}
