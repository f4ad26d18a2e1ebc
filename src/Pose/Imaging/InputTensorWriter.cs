using System.Numerics.Tensors;
using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Imaging;

/// <summary>
/// Writes an RGB image into a model input tensor following a <see cref="SamplingPlan"/> and the model's
/// <see cref="InputContract"/>: separable bilinear sampling (OpenCV <c>resize</c>/<c>warpAffine</c> semantics, the
/// interpolated value rounded to a byte as an 8-bit pipeline would), channel order, <c>(v - mean) / std</c>,
/// NCHW or NHWC packing, float32 or int32. Holds its scratch tables, so it allocates nothing once warmed up; one
/// instance per thread.
/// </summary>
public sealed class InputTensorWriter
{
    private readonly InputContract _contract;
    private readonly int[] _sourceChannel = new int[3];
    private readonly float[] _scale = new float[3];
    private readonly float[] _bias = new float[3];
    private readonly float _pad;

    private int[] _colX0 = [];
    private int[] _colX1 = [];
    private float[] _colW = [];
    private float[] _rowA = [];
    private float[] _rowB = [];
    private float[] _line = [];
    private int _rowAIndex;
    private int _rowBIndex;

    /// <summary>Creates a writer for <paramref name="contract"/>.</summary>
    public InputTensorWriter(InputContract contract)
    {
        _contract = contract;
        for (var c = 0; c < 3; c++)
        {
            _sourceChannel[c] = contract.ChannelOrder == ChannelOrder.Bgr ? 2 - c : c;
            _scale[c] = 1f / contract.Std[c];
            _bias[c] = -contract.Mean[c] / contract.Std[c];
        }

        _pad = contract.PadValue;
    }

    /// <summary>The contract this writer follows.</summary>
    public InputContract Contract => _contract;

    /// <summary>Number of elements of one image in the tensor.</summary>
    public int ElementsPerImage => _contract.Width * _contract.Height * 3;

    /// <summary>Writes <paramref name="image"/> into a float tensor slice of one image.</summary>
    public void Write(RgbImage image, in SamplingPlan plan, Span<float> tensor)
    {
        CheckSize(plan, tensor.Length);
        Prepare(image, plan);
        var width = plan.Width;
        var plane = width * plan.Height;
        for (var dy = 0; dy < plan.Height; dy++)
        {
            var line = Line(image, plan, dy);
            if (_contract.Layout == TensorLayout.Nhwc)
            {
                line.CopyTo(tensor.Slice(dy * width * 3, line.Length));
                continue;
            }

            var r = tensor.Slice(dy * width, width);
            var g = tensor.Slice(plane + (dy * width), width);
            var b = tensor.Slice((2 * plane) + (dy * width), width);
            for (int x = 0, i = 0; x < width; x++, i += 3)
            {
                r[x] = line[i];
                g[x] = line[i + 1];
                b[x] = line[i + 2];
            }
        }
    }

    /// <summary>Writes <paramref name="image"/> into an int32 tensor slice of one image (MoveNet-style raw inputs).</summary>
    public void Write(RgbImage image, in SamplingPlan plan, Span<int> tensor)
    {
        CheckSize(plan, tensor.Length);
        Prepare(image, plan);
        var width = plan.Width;
        var plane = width * plan.Height;
        for (var dy = 0; dy < plan.Height; dy++)
        {
            var line = Line(image, plan, dy);
            if (_contract.Layout == TensorLayout.Nhwc)
            {
                TensorPrimitives.ConvertTruncating(line, tensor.Slice(dy * width * 3, line.Length));
                continue;
            }

            for (int x = 0, i = 0; x < width; x++, i += 3)
            {
                tensor[(dy * width) + x] = (int)line[i];
                tensor[plane + (dy * width) + x] = (int)line[i + 1];
                tensor[(2 * plane) + (dy * width) + x] = (int)line[i + 2];
            }
        }
    }

    private void CheckSize(in SamplingPlan plan, int length)
    {
        if (plan.Width != _contract.Width || plan.Height != _contract.Height || length != plan.Width * plan.Height * 3)
        {
            throw new ArgumentException(
                $"The plan ({plan.Width}x{plan.Height}) or tensor slice ({length} elements) does not fit the {_contract.Width}x{_contract.Height} input '{_contract.Name}'.");
        }
    }

    private void Prepare(RgbImage image, in SamplingPlan plan)
    {
        EnsureScratch(plan.Width);
        BuildColumnTable(image.Width, plan);
        _rowAIndex = int.MinValue;
        _rowBIndex = int.MinValue;
    }

    /// <summary>Output row <paramref name="dy"/>, interleaved, in the model's channel order, normalised.</summary>
    private ReadOnlySpan<float> Line(RgbImage image, in SamplingPlan plan, int dy)
    {
        var line = _line.AsSpan(0, plan.Width * 3);
        if (dy < plan.ContentY0 || dy >= plan.ContentY1)
        {
            FillPad(line);
            return line;
        }

        var (y0, y1, wy) = SourceRows(image.Height, plan, dy);
        var a = HorizontalRow(image, plan, y0, ref _rowA, ref _rowAIndex, ref _rowB, ref _rowBIndex);
        var b = HorizontalRow(image, plan, y1, ref _rowB, ref _rowBIndex, ref _rowA, ref _rowAIndex);

        // line = a + wy * (b - a), rounded to a byte value, then normalised per channel.
        TensorPrimitives.Subtract(b, a, line);
        TensorPrimitives.MultiplyAdd(line, wy, a, line);
        TensorPrimitives.Round(line, line);
        for (var i = 0; i < line.Length; i += 3)
        {
            line[i] = (line[i] * _scale[0]) + _bias[0];
            line[i + 1] = (line[i + 1] * _scale[1]) + _bias[1];
            line[i + 2] = (line[i + 2] * _scale[2]) + _bias[2];
        }

        PadColumns(line, plan);
        return line;
    }

    private void EnsureScratch(int width)
    {
        if (_colW.Length < width)
        {
            _colX0 = new int[width];
            _colX1 = new int[width];
            _colW = new float[width];
            _rowA = new float[width * 3];
            _rowB = new float[width * 3];
            _line = new float[width * 3];
        }
    }

    private void BuildColumnTable(int sourceWidth, in SamplingPlan plan)
    {
        for (var dx = 0; dx < plan.Width; dx++)
        {
            var (x0, x1, w) = SourceIndices(sourceWidth, plan.X, plan.HalfPixelCentres, plan.Border, dx);
            _colX0[dx] = x0;
            _colX1[dx] = x1;
            _colW[dx] = w;
        }
    }

    private static (int I0, int I1, float W) SourceRows(int sourceHeight, in SamplingPlan plan, int dy) =>
        SourceIndices(sourceHeight, plan.Y, plan.HalfPixelCentres, plan.Border, dy);

    /// <summary>Bilinear source indices for one output index; -1 marks a neighbour outside the image (constant border).</summary>
    private static (int I0, int I1, float W) SourceIndices(int size, AxisMap map, bool halfPixel, BorderMode border, int d)
    {
        var s = halfPixel ? ((d + 0.5 - map.Offset) / map.Scale) - 0.5 : (d - map.Offset) / map.Scale;
        var i0 = (int)Math.Floor(s);
        var w = (float)(s - i0);
        if (border == BorderMode.Replicate)
        {
            // OpenCV resize: at the edges the weight collapses onto the edge pixel.
            if (i0 < 0)
            {
                return (0, 0, 0f);
            }

            if (i0 >= size - 1)
            {
                return (size - 1, size - 1, 0f);
            }

            return (i0, i0 + 1, w);
        }

        var i1 = i0 + 1;
        return (i0 >= 0 && i0 < size ? i0 : -1, i1 >= 0 && i1 < size ? i1 : -1, w);
    }

    /// <summary>The horizontally resampled row for source row <paramref name="y"/>, reusing the two cached rows.</summary>
    private Span<float> HorizontalRow(RgbImage image, in SamplingPlan plan, int y, ref float[] row, ref int rowIndex, ref float[] other, ref int otherIndex)
    {
        var length = plan.Width * 3;
        if (rowIndex == y)
        {
            return row.AsSpan(0, length);
        }

        if (otherIndex == y)
        {
            // The wanted row sits in the other slot: swap slots so both callers see consistent caches.
            (row, other) = (other, row);
            (rowIndex, otherIndex) = (otherIndex, rowIndex);
            return row.AsSpan(0, length);
        }

        var target = row.AsSpan(0, length);
        rowIndex = y;
        if (y < 0)
        {
            FillRaw(target, _pad);
            return target;
        }

        var src = image.Row(y);
        for (int dx = plan.ContentX0, i = plan.ContentX0 * 3; dx < plan.ContentX1; dx++, i += 3)
        {
            var x0 = _colX0[dx];
            var x1 = _colX1[dx];
            var w = _colW[dx];
            for (var c = 0; c < 3; c++)
            {
                var sc = _sourceChannel[c];
                var p0 = x0 >= 0 ? src[(x0 * 3) + sc] : _pad;
                var p1 = x1 >= 0 ? src[(x1 * 3) + sc] : _pad;
                target[i + c] = p0 + ((p1 - p0) * w);
            }
        }

        return target;
    }

    private static void FillRaw(Span<float> target, float value) => target.Fill(value);

    private void FillPad(Span<float> line)
    {
        for (var i = 0; i < line.Length; i += 3)
        {
            line[i] = (_pad * _scale[0]) + _bias[0];
            line[i + 1] = (_pad * _scale[1]) + _bias[1];
            line[i + 2] = (_pad * _scale[2]) + _bias[2];
        }
    }

    private void PadColumns(Span<float> line, in SamplingPlan plan)
    {
        if (plan.ContentX0 > 0)
        {
            FillPad(line[..(plan.ContentX0 * 3)]);
        }

        if (plan.ContentX1 < plan.Width)
        {
            FillPad(line[(plan.ContentX1 * 3)..]);
        }
    }
}
