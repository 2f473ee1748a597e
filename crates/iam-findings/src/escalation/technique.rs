//! The privilege-escalation techniques the graph knows: what each one is,
//! the action that grants it, and for `iam:PassRole` the services that run
//! code as the passed role. Data only; [`super::graph`] decides them.

use schemars::JsonSchema;
use serde::Serialize;

/// One way a principal becomes another principal or gains permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    /// `sts:AssumeRole` (trust policy, identity policies, SCPs, RCPs, boundaries).
    AssumeRole,
    /// `iam:CreateAccessKey` for another user: sign in as that user.
    CreateAccessKey,
    /// `iam:CreateLoginProfile` for a user without a console password.
    CreateLoginProfile,
    /// `iam:UpdateLoginProfile` for a user with a console password.
    UpdateLoginProfile,
    /// `iam:UpdateAssumeRolePolicy`: trust yourself, then assume the role.
    UpdateAssumeRolePolicy,
    /// `iam:PassRole` + `ec2:RunInstances` with an instance profile of the role.
    PassRoleEc2,
    /// `iam:PassRole` + `lambda:CreateFunction` + `lambda:InvokeFunction` (or an event source mapping).
    PassRoleLambda,
    /// `iam:PassRole` + `cloudformation:CreateStack` (the stack runs as the role).
    PassRoleCloudformation,
    /// `iam:PassRole` + `glue:CreateDevEndpoint`.
    PassRoleGlue,
    /// `iam:PassRole` + `ecs:RegisterTaskDefinition` + `ecs:RunTask`.
    PassRoleEcs,
    /// `iam:PassRole` + `sagemaker:CreateNotebookInstance` + a presigned notebook URL.
    PassRoleSagemaker,
    /// `iam:PassRole` + `codebuild:CreateProject` + `codebuild:StartBuild`.
    PassRoleCodebuild,
    /// `iam:PassRole` + `datapipeline:CreatePipeline` + `PutPipelineDefinition` + `ActivatePipeline`.
    PassRoleDatapipeline,
    /// `lambda:UpdateFunctionCode` on a function that runs as the role.
    UpdateFunctionCode,
    /// `iam:AttachUserPolicy` (attach `AdministratorAccess`).
    AttachUserPolicy,
    /// `iam:AttachGroupPolicy` on a group the user is in.
    AttachGroupPolicy,
    /// `iam:AttachRolePolicy`.
    AttachRolePolicy,
    /// `iam:PutUserPolicy` (an inline policy allowing everything).
    PutUserPolicy,
    /// `iam:PutGroupPolicy` on a group the user is in.
    PutGroupPolicy,
    /// `iam:PutRolePolicy`.
    PutRolePolicy,
    /// `iam:AddUserToGroup`: join a stronger group.
    AddUserToGroup,
    /// `iam:CreatePolicyVersion` (set as default) of a customer managed policy attached to the principal.
    CreatePolicyVersion,
}

impl Technique {
    /// The stable kebab-case name (as in the JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Technique::AssumeRole => "assume-role",
            Technique::CreateAccessKey => "create-access-key",
            Technique::CreateLoginProfile => "create-login-profile",
            Technique::UpdateLoginProfile => "update-login-profile",
            Technique::UpdateAssumeRolePolicy => "update-assume-role-policy",
            Technique::PassRoleEc2 => "pass-role-ec2",
            Technique::PassRoleLambda => "pass-role-lambda",
            Technique::PassRoleCloudformation => "pass-role-cloudformation",
            Technique::PassRoleGlue => "pass-role-glue",
            Technique::PassRoleEcs => "pass-role-ecs",
            Technique::PassRoleSagemaker => "pass-role-sagemaker",
            Technique::PassRoleCodebuild => "pass-role-codebuild",
            Technique::PassRoleDatapipeline => "pass-role-datapipeline",
            Technique::UpdateFunctionCode => "update-function-code",
            Technique::AttachUserPolicy => "attach-user-policy",
            Technique::AttachGroupPolicy => "attach-group-policy",
            Technique::AttachRolePolicy => "attach-role-policy",
            Technique::PutUserPolicy => "put-user-policy",
            Technique::PutGroupPolicy => "put-group-policy",
            Technique::PutRolePolicy => "put-role-policy",
            Technique::AddUserToGroup => "add-user-to-group",
            Technique::CreatePolicyVersion => "create-policy-version",
        }
    }

    /// The action whose granting statement the step cites.
    pub fn action(self) -> &'static str {
        match self {
            Technique::AssumeRole => "sts:AssumeRole",
            Technique::CreateAccessKey => "iam:CreateAccessKey",
            Technique::CreateLoginProfile => "iam:CreateLoginProfile",
            Technique::UpdateLoginProfile => "iam:UpdateLoginProfile",
            Technique::UpdateAssumeRolePolicy => "iam:UpdateAssumeRolePolicy",
            Technique::PassRoleEc2
            | Technique::PassRoleLambda
            | Technique::PassRoleCloudformation
            | Technique::PassRoleGlue
            | Technique::PassRoleEcs
            | Technique::PassRoleSagemaker
            | Technique::PassRoleCodebuild
            | Technique::PassRoleDatapipeline => "iam:PassRole",
            Technique::UpdateFunctionCode => "lambda:UpdateFunctionCode",
            Technique::AttachUserPolicy => "iam:AttachUserPolicy",
            Technique::AttachGroupPolicy => "iam:AttachGroupPolicy",
            Technique::AttachRolePolicy => "iam:AttachRolePolicy",
            Technique::PutUserPolicy => "iam:PutUserPolicy",
            Technique::PutGroupPolicy => "iam:PutGroupPolicy",
            Technique::PutRolePolicy => "iam:PutRolePolicy",
            Technique::AddUserToGroup => "iam:AddUserToGroup",
            Technique::CreatePolicyVersion => "iam:CreatePolicyVersion",
        }
    }
}

/// The Region the service requests of `iam:PassRole` techniques are decided in
/// (a concrete resource ARN needs one; `aws:RequestedRegion` follows it).
pub const REGION: &str = "us-east-1";

/// A service that runs code as a role passed to it: its principal (the role's
/// trust policy must let it assume the role) and the requests that create and
/// start the code. Every group must be allowed; within a group, any one
/// request. `{account}` and `{region}` in resource ARNs are filled in.
pub struct PassRoleService {
    pub technique: Technique,
    pub principal: &'static str,
    pub requests: &'static [&'static [(&'static str, &'static str)]],
}

/// The services of the `iam:PassRole` techniques (Rhino Security Labs' list of
/// AWS IAM privilege escalation methods; each is documented by the service as
/// running code with the passed role's permissions).
pub const PASS_ROLE_SERVICES: &[PassRoleService] = &[
    PassRoleService {
        technique: Technique::PassRoleEc2,
        principal: "ec2.amazonaws.com",
        requests: &[&[("ec2:RunInstances", "arn:aws:ec2:{region}:{account}:instance/*")]],
    },
    PassRoleService {
        technique: Technique::PassRoleLambda,
        principal: "lambda.amazonaws.com",
        requests: &[
            &[("lambda:CreateFunction", "arn:aws:lambda:{region}:{account}:function:iamplay-escalation")],
            &[
                ("lambda:InvokeFunction", "arn:aws:lambda:{region}:{account}:function:iamplay-escalation"),
                ("lambda:CreateEventSourceMapping", "*"),
            ],
        ],
    },
    PassRoleService {
        technique: Technique::PassRoleCloudformation,
        principal: "cloudformation.amazonaws.com",
        requests: &[&[(
            "cloudformation:CreateStack",
            "arn:aws:cloudformation:{region}:{account}:stack/iamplay-escalation/00000000-0000-0000-0000-000000000000",
        )]],
    },
    PassRoleService {
        technique: Technique::PassRoleGlue,
        principal: "glue.amazonaws.com",
        requests: &[&[("glue:CreateDevEndpoint", "arn:aws:glue:{region}:{account}:devEndpoint/iamplay-escalation")]],
    },
    PassRoleService {
        technique: Technique::PassRoleEcs,
        principal: "ecs-tasks.amazonaws.com",
        requests: &[
            &[("ecs:RegisterTaskDefinition", "*")],
            &[("ecs:RunTask", "arn:aws:ecs:{region}:{account}:task-definition/iamplay-escalation:1")],
        ],
    },
    PassRoleService {
        technique: Technique::PassRoleSagemaker,
        principal: "sagemaker.amazonaws.com",
        requests: &[
            &[(
                "sagemaker:CreateNotebookInstance",
                "arn:aws:sagemaker:{region}:{account}:notebook-instance/iamplay-escalation",
            )],
            &[(
                "sagemaker:CreatePresignedNotebookInstanceUrl",
                "arn:aws:sagemaker:{region}:{account}:notebook-instance/iamplay-escalation",
            )],
        ],
    },
    PassRoleService {
        technique: Technique::PassRoleCodebuild,
        principal: "codebuild.amazonaws.com",
        requests: &[
            &[("codebuild:CreateProject", "arn:aws:codebuild:{region}:{account}:project/iamplay-escalation")],
            &[("codebuild:StartBuild", "arn:aws:codebuild:{region}:{account}:project/iamplay-escalation")],
        ],
    },
    PassRoleService {
        technique: Technique::PassRoleDatapipeline,
        principal: "datapipeline.amazonaws.com",
        requests: &[
            &[("datapipeline:CreatePipeline", "*")],
            &[("datapipeline:PutPipelineDefinition", "*")],
            &[("datapipeline:ActivatePipeline", "*")],
        ],
    },
];

/// Fills `{account}` and `{region}` in a resource template.
pub fn fill(template: &str, account: &str) -> String {
    template.replace("{account}", account).replace("{region}", REGION)
}
