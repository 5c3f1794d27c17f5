using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// A piece of a model (an encoder, the staged trunk) whose modules and parameters its host module registers under the
/// piece's own names, so the host's state-dict keys stay flat as in timm (<c>cls_token</c>, <c>blocks.{i}</c>). A part
/// reads its parameters back through the host because TorchSharp replaces a parameter object when its module moves to
/// another device or dtype; submodules are moved in place and are used directly.
/// </summary>
public abstract class ModulePart
{
    private readonly List<(string Name, nn.Module Module)> _modules = [];
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<ModulePart> _parts = [];
    private nn.Module? _host;

    /// <summary>The module this part was registered in (throws before <see cref="RegisterIn"/>).</summary>
    protected nn.Module Host => _host ?? throw new InvalidOperationException($"{GetType().Name} is used before a host module registered it");

    /// <summary>
    /// Registers the part's parameters, then its modules, in <paramref name="host"/> under their own names. Call once,
    /// in the host's constructor before its <c>RegisterComponents()</c>.
    /// </summary>
    public void RegisterIn(nn.Module host)
    {
        if (_host is not null)
            throw new InvalidOperationException($"{GetType().Name} is already registered in a host module");
        foreach (var (name, parameter) in _parameters)
            host.register_parameter(name, parameter);
        foreach (var (name, module) in _modules)
            host.register_module(name, module);
        _host = host;
        foreach (var part in _parts)
            part._host = host;
    }

    /// <summary>Declares a submodule of the part under its state-dict name.</summary>
    protected T AddModule<T>(string name, T module)
        where T : nn.Module
    {
        _modules.Add((name, module));
        return module;
    }

    /// <summary>
    /// Declares a part nested in this one: its parameters and modules are registered with this part's, in the same
    /// host, under their own names (keys stay flat).
    /// </summary>
    protected T AddPart<T>(T part)
        where T : ModulePart
    {
        if (part._host is not null)
            throw new InvalidOperationException($"{part.GetType().Name} is already registered");
        _parameters.AddRange(part._parameters);
        _modules.AddRange(part._modules);
        _parts.Add(part);
        _parts.AddRange(part._parts);
        return part;
    }

    /// <summary>Declares a parameter of the part under its state-dict name.</summary>
    protected void AddParameter(string name, Parameter parameter) => _parameters.Add((name, parameter));

    /// <summary>The current parameter object named <paramref name="name"/> (as the host holds it now).</summary>
    protected Parameter GetParameter(string name) =>
        Host.get_parameter(name) ?? throw new InvalidOperationException($"{GetType().Name}: the host has no parameter '{name}'");
}
