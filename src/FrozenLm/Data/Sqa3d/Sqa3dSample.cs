namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// One situated question: the scene it is asked in, the situation text, the question, its answer (normalised: lower
/// case, trimmed), its family, and the agent's pose in the scene's normalised frame.
/// </summary>
public sealed record Sqa3dSample(int Id, string SceneId, string Situation, string Question, string Answer, string Family, AgentPose Pose);
