using FrozenLm.Data;

namespace FrozenLm.Tests.Analysis;

public sealed class ClutteredImageDatasetTests
{
    /// <summary>Image i is filled with the constant (i + 1) / 100, so every canvas pixel tells which image it came from.</summary>
    private sealed class ConstantImages(int count, int channels, int size) : IImageDataset
    {
        public string Name => "constant";
        public int Count => count;
        public int Channels => channels;
        public int Height => size;
        public int Width => size;
        public IReadOnlyList<string> ClassNames => ["a", "b", "c"];
        public int GetLabel(int index) => index % 3;
        public void ReadImage(int index, Span<float> destination) => destination.Fill((index + 1) / 100f);
    }

    [Fact]
    public void Given_a_source_When_cluttered_Then_the_mask_is_exactly_where_the_object_was_pasted()
    {
        var source = new ConstantImages(20, 2, 16);
        var set = new ClutteredImageDataset(source, seed: 3, new ClutteredOptions { Height = 24, Width = 24 });
        Assert.Equal((24, 24, 2, 20), (set.Height, set.Width, set.Channels, set.Count));
        var image = new float[2 * 24 * 24];
        var mask = new float[24 * 24];
        for (var index = 0; index < 20; index++)
        {
            set.ReadImage(index, image);
            set.ReadMask(index, mask);
            Assert.Equal(source.GetLabel(index), set.GetLabel(index));
            var own = (index + 1) / 100f;
            var (x, y, w, h) = set.ObjectRectangle(index);
            Assert.InRange(h, (int)Math.Round(0.45 * 24), (int)Math.Round(0.75 * 24));
            Assert.Equal(w * h, (int)mask.Sum());
            for (var c = 0; c < 2; c++)
            {
                for (var p = 0; p < 24 * 24; p++)
                {
                    var inside = p % 24 >= x && p % 24 < x + w && p / 24 >= y && p / 24 < y + h;
                    Assert.Equal(inside ? 1f : 0f, mask[p]);
                    if (inside)
                        Assert.Equal(own, image[c * 576 + p], 6);
                    else
                        Assert.NotEqual(own, image[c * 576 + p], 6);
                }
            }
        }
    }

    [Fact]
    public void Given_the_same_seed_When_read_twice_Then_identical_and_another_seed_differs()
    {
        var source = new ConstantImages(10, 1, 12);
        var a = new ClutteredImageDataset(source, 1);
        var b = new ClutteredImageDataset(source, 1);
        var c = new ClutteredImageDataset(source, 2);
        var x = new float[144];
        var y = new float[144];
        var z = new float[144];
        var differs = false;
        for (var i = 0; i < 10; i++)
        {
            a.ReadImage(i, x);
            b.ReadImage(i, y);
            c.ReadImage(i, z);
            Assert.Equal(x, y);
            differs |= !x.SequenceEqual(z);
        }
        Assert.True(differs);
    }

    [Fact]
    public void Given_bad_arguments_When_built_or_read_Then_it_throws()
    {
        var source = new ConstantImages(3, 1, 8);
        Assert.Throws<ArgumentException>(() => new ClutteredImageDataset(source, 0, new ClutteredOptions { MinObjectScale = 0.9, MaxObjectScale = 0.5 }));
        var set = new ClutteredImageDataset(source, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.ReadImage(3, new float[64]));
        Assert.Throws<ArgumentException>(() => set.ReadMask(0, new float[63]));
    }
}
