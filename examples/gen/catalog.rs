//! Services and the event catalog (`data/services.tsv`, `data/catalog.txt`).

use crate::rng::hash_str;

pub struct Svc {
    /// eventSource prefix (`ec2` → `ec2.amazonaws.com`).
    pub id: &'static str,
    /// IAM action prefix.
    pub iam: &'static str,
    /// aws-cli command group.
    pub cli: &'static str,
    /// Logged in the global region only (IAM, Route 53, ...).
    pub global: bool,
    /// JSON protocol (AccessDeniedException) rather than query (AccessDenied).
    pub json: bool,
    /// Not-found error code and message (`{x}` resource, `{a}` account, `{r}` region).
    pub nf: (&'static str, &'static str),
}

macro_rules! svc {
    ($id:expr, $iam:expr, $cli:expr, $g:expr, $j:expr, $c:expr, $m:expr) => {
        Svc {
            id: $id,
            iam: $iam,
            cli: $cli,
            global: $g,
            json: $j,
            nf: ($c, $m),
        }
    };
}

pub const SVCS: &[Svc] = &[
    svc!("s3", "s3", "s3api", false, false, "NoSuchKey", "The specified key does not exist."),
    svc!("sts", "sts", "sts", false, false, "", ""),
    svc!("iam", "iam", "iam", true, false, "NoSuchEntityException", "The user with name {x} cannot be found."),
    svc!("ec2", "ec2", "ec2", false, false, "Client.InvalidInstanceID.NotFound", "The instance ID '{x}' does not exist"),
    svc!("kms", "kms", "kms", false, true, "NotFoundException", "Key 'arn:aws:kms:{r}:{a}:key/{x}' does not exist"),
    svc!("lambda", "lambda", "lambda", false, true, "ResourceNotFoundException", "Function not found: arn:aws:lambda:{r}:{a}:function:{x}"),
    svc!("logs", "logs", "logs", false, true, "ResourceNotFoundException", "The specified log group does not exist."),
    svc!("cloudtrail", "cloudtrail", "cloudtrail", false, true, "TrailNotFoundException", "Unknown trail: {x} for the user: {a}"),
    svc!("signin", "signin", "signin", true, true, "", ""),
    svc!("secretsmanager", "secretsmanager", "secretsmanager", false, true, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
    svc!("dynamodb", "dynamodb", "dynamodb", false, true, "ResourceNotFoundException", "Requested resource not found: Table: {x} not found"),
    svc!("ssm", "ssm", "ssm", false, true, "ParameterNotFound", ""),
    svc!("rds", "rds", "rds", false, false, "DBInstanceNotFoundFault", "DBInstance {x} not found."),
    svc!("monitoring", "cloudwatch", "cloudwatch", false, false, "ResourceNotFound", "The specified resource {x} does not exist."),
    svc!("sns", "sns", "sns", false, false, "NotFoundException", "Topic does not exist"),
    svc!("sqs", "sqs", "sqs", false, false, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."),
    svc!("ecr", "ecr", "ecr", false, true, "RepositoryNotFoundException", "The repository with name '{x}' does not exist in the registry with id '{a}'"),
    svc!("ecs", "ecs", "ecs", false, true, "ClusterNotFoundException", "Cluster not found."),
    svc!("eks", "eks", "eks", false, true, "ResourceNotFoundException", "No cluster found for name: {x}."),
    svc!("elasticloadbalancing", "elasticloadbalancing", "elbv2", false, false, "TargetGroupNotFoundException", "One or more target groups not found"),
    svc!("autoscaling", "autoscaling", "autoscaling", false, false, "ValidationError", "AutoScalingGroup name not found - {x}"),
    svc!("cloudformation", "cloudformation", "cloudformation", false, false, "ValidationError", "Stack with id {x} does not exist"),
    svc!("route53", "route53", "route53", true, false, "NoSuchHostedZone", "No hosted zone found with ID: {x}"),
    svc!("config", "config", "configservice", false, true, "NoSuchConfigRuleException", "The ConfigRule '{x}' provided in the request is invalid. Please check the configRule name."),
    svc!("guardduty", "guardduty", "guardduty", false, true, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account."),
    svc!("securityhub", "securityhub", "securityhub", false, true, "InvalidAccessException", "Account {a} is not subscribed to AWS Security Hub"),
    svc!("organizations", "organizations", "organizations", true, true, "AccountNotFoundException", "You specified an account that doesn't exist."),
    svc!("sso", "sso", "sso-admin", false, true, "ResourceNotFoundException", "Could not find PermissionSet with id {x}"),
    svc!("acm", "acm", "acm", false, true, "ResourceNotFoundException", "Could not find certificate arn:aws:acm:{r}:{a}:certificate/{x}."),
    svc!("apigateway", "apigateway", "apigateway", false, true, "NotFoundException", "Invalid API identifier specified {a}:{x}"),
    svc!("events", "events", "events", false, true, "ResourceNotFoundException", "Rule {x} does not exist on EventBus default."),
    svc!("states", "states", "stepfunctions", false, true, "StateMachineDoesNotExist", "State Machine Does Not Exist: 'arn:aws:states:{r}:{a}:stateMachine:{x}'"),
    svc!("glue", "glue", "glue", false, true, "EntityNotFoundException", "Table {x} not found."),
    svc!("athena", "athena", "athena", false, true, "InvalidRequestException", "QueryExecution {x} was not found"),
    svc!("kinesis", "kinesis", "kinesis", false, true, "ResourceNotFoundException", "Stream {x} under account {a} not found."),
    svc!("firehose", "firehose", "firehose", false, true, "ResourceNotFoundException", "Firehose {x} under account {a} not found."),
    svc!("elasticache", "elasticache", "elasticache", false, false, "CacheClusterNotFound", "CacheCluster not found: {x}"),
    svc!("cloudfront", "cloudfront", "cloudfront", true, false, "NoSuchDistribution", "The specified distribution does not exist."),
    svc!("backup", "backup", "backup", false, true, "ResourceNotFoundException", "Backup vault {x} does not exist."),
    svc!("access-analyzer", "access-analyzer", "accessanalyzer", false, true, "ResourceNotFoundException", "Analyzer {x} not found"),
    svc!("health", "health", "health", true, true, "SubscriptionRequiredException", "Your account is not subscribed to Business or Enterprise Support."),
    svc!("tagging", "tag", "resourcegroupstaggingapi", false, true, "InvalidParameterException", "The specified pagination token is not valid."),
    svc!("ce", "ce", "ce", true, true, "DataUnavailableException", "Data is not available. Please try to adjust the time period."),
    svc!("codebuild", "codebuild", "codebuild", false, true, "ResourceNotFoundException", "Project cannot be found: arn:aws:codebuild:{r}:{a}:project/{x}"),
    svc!("codepipeline", "codepipeline", "codepipeline", false, true, "PipelineNotFoundException", "Account '{a}' does not have a pipeline with name '{x}'"),
    svc!("sagemaker", "sagemaker", "sagemaker", false, true, "ValidationException", "Could not find notebook instance {x}"),
];

pub fn svc_index(id: &str) -> usize {
    SVCS.iter()
        .position(|s| s.id == id)
        .unwrap_or_else(|| panic!("unknown service {id}"))
}

/// The catalog in popularity order (rank = line number, weight ∝ rank^-1.25). Flags:
/// D data event, S only called by AWS services (AWSService identity), X sensitive (attack
/// profiles favour it), R/W force readOnly true/false (otherwise derived from the verb).
pub const CATALOG: &str = "
kms Decrypt
s3 GetObject D
sts AssumeRole S
s3 PutObject D
kms GenerateDataKey
ec2 DescribeInstances
s3 HeadObject D
sts GetCallerIdentity
dynamodb GetItem D
secretsmanager GetSecretValue
ssm GetParameter
s3 ListObjects D
lambda Invoke D
logs CreateLogStream
dynamodb Query D
monitoring GetMetricData
sqs ReceiveMessage D
ssm UpdateInstanceInformation
ecr GetAuthorizationToken
sqs SendMessage D
ec2 DescribeNetworkInterfaces
dynamodb PutItem D
ec2 DescribeSecurityGroups
ssm GetParameters
ecr BatchGetImage
sqs DeleteMessage D
ecr GetDownloadUrlForLayer
s3 ListBuckets
iam GetRole
sns Publish D
kms Encrypt
s3 GetBucketLocation
ec2 DescribeVolumes
elasticloadbalancing DescribeTargetHealth
ecs DescribeServices
ec2 DescribeSubnets
s3 GetBucketAcl
ec2 DescribeVpcs
cloudformation DescribeStacks
s3 DeleteObject D
dynamodb UpdateItem D
iam ListRoles
ec2 DescribeImages
autoscaling DescribeAutoScalingGroups
kms DescribeKey
logs DescribeLogGroups
rds DescribeDBInstances
ecs DescribeTasks
ec2 DescribeRouteTables
lambda GetFunction20150331v2
ec2 DescribeTags
ssm GetParametersByPath
s3 GetBucketPolicy
iam ListAttachedRolePolicies
ec2 DescribeAvailabilityZones
logs FilterLogEvents
ec2 DescribeInstanceStatus
ecs ListTasks
iam GetUser
s3 GetBucketVersioning
s3 GetBucketEncryption
ec2 CreateTags
elasticloadbalancing DescribeLoadBalancers
elasticloadbalancing DescribeTargetGroups
lambda ListFunctions20150331
ec2 DescribeSnapshots
ssm DescribeInstanceInformation
iam ListUsers
cloudtrail LookupEvents
s3 GetBucketPublicAccessBlock
s3 GetBucketTagging
ec2 DescribeAddresses
route53 ListResourceRecordSets
states StartExecution
dynamodb DescribeTable
iam ListPolicies
iam GetPolicyVersion
iam GetPolicy
monitoring DescribeAlarms
ec2 DescribeLaunchTemplates
iam ListAccessKeys
athena GetQueryExecution
glue GetTable
ec2 DescribeInstanceTypes
kms ListAliases
secretsmanager DescribeSecret
logs DescribeLogStreams
s3 GetBucketLogging
s3 GetBucketOwnershipControls
ec2 DescribeKeyPairs
ec2 DescribeNatGateways
sqs GetQueueAttributes
ec2 DescribeRegions
ec2 DescribeAccountAttributes
health DescribeEventAggregates
s3 CopyObject D
iam ListRolePolicies
ec2 DescribeInternetGateways
ec2 DescribeNetworkAcls
ec2 DescribeVpcEndpoints
s3 GetBucketLifecycle
s3 GetBucketCors
s3 GetBucketWebsite
s3 GetBucketNotification
s3 GetBucketReplication
s3 GetBucketObjectLockConfiguration
s3 GetAccelerateConfiguration
s3 GetBucketRequestPayment
s3 GetBucketPolicyStatus
s3 ListObjectVersions D
s3 CreateMultipartUpload D
s3 UploadPart D
s3 CompleteMultipartUpload D
s3 GetObjectAcl D
s3 GetObjectTagging D
s3 PutObjectTagging D
s3 PutObjectAcl DX
s3 DeleteObjects DX
s3 RestoreObject D
s3 GetObjectAttributes D
s3 SelectObjectContent D
s3 PutBucketPolicy X
s3 DeleteBucketPolicy X
s3 PutBucketAcl X
s3 PutBucketPublicAccessBlock X
s3 DeleteBucketPublicAccessBlock X
s3 PutBucketEncryption
s3 PutBucketLogging
s3 PutBucketVersioning
s3 PutBucketTagging
s3 PutBucketLifecycle
s3 CreateBucket
s3 DeleteBucket X
iam ListAttachedUserPolicies
iam ListGroups
iam ListGroupsForUser
iam GetAccountAuthorizationDetails X
iam GetAccountSummary
iam ListMFADevices
iam ListInstanceProfiles
iam GenerateCredentialReport
iam GetCredentialReport
iam ListUserPolicies
iam GetLoginProfile
iam ListServerCertificates
iam ListOpenIDConnectProviders
iam ListSAMLProviders
iam GetAccountPasswordPolicy
iam SimulatePrincipalPolicy
iam ListEntitiesForPolicy
iam GetRolePolicy
iam ListInstanceProfilesForRole
iam ListVirtualMFADevices
iam GenerateServiceLastAccessedDetails
iam GetServiceLastAccessedDetails
iam ListAccountAliases
iam ListAttachedGroupPolicies
iam TagRole
iam CreateUser X
iam DeleteUser
iam CreateAccessKey X
iam DeleteAccessKey
iam UpdateAccessKey
iam AttachUserPolicy X
iam DetachUserPolicy
iam AttachRolePolicy X
iam DetachRolePolicy
iam PutRolePolicy X
iam PutUserPolicy X
iam CreateRole
iam DeleteRole
iam UpdateAssumeRolePolicy X
iam CreatePolicy
iam CreatePolicyVersion X
iam DeletePolicy
iam CreateLoginProfile X
iam UpdateLoginProfile X
iam AddUserToGroup X
iam CreateServiceLinkedRole
iam UpdateRole
iam CreateInstanceProfile
iam AddRoleToInstanceProfile
iam DeactivateMFADevice X
iam ChangePassword
sts DecodeAuthorizationMessage
sts GetAccessKeyInfo X
ec2 DescribeLaunchTemplateVersions
ec2 DescribeSpotInstanceRequests
ec2 DescribeSpotPriceHistory
ec2 DescribeVolumesModifications
ec2 DescribeFlowLogs
ec2 DescribeVpcPeeringConnections
ec2 DescribeTransitGateways
ec2 DescribePrefixLists
ec2 DescribeManagedPrefixLists
ec2 DescribeDhcpOptions
ec2 DescribeSecurityGroupRules
ec2 DescribeInstanceAttribute
ec2 DescribeVpcAttribute
ec2 DescribeCapacityReservations
ec2 DescribeHosts
ec2 DescribeReservedInstances
ec2 GetEbsEncryptionByDefault
ec2 GetEbsDefaultKmsKeyId
ec2 DescribeVolumeStatus
ec2 DescribeImageAttribute
ec2 DescribeSnapshotAttribute
ec2 RunInstances X
ec2 StartInstances
ec2 StopInstances X
ec2 TerminateInstances X
ec2 RebootInstances
ec2 CreateSnapshot
ec2 DeleteSnapshot
ec2 CreateVolume
ec2 AttachVolume
ec2 DetachVolume
ec2 DeleteVolume
ec2 ModifyInstanceAttribute X
ec2 AuthorizeSecurityGroupIngress X
ec2 RevokeSecurityGroupIngress
ec2 AuthorizeSecurityGroupEgress
ec2 CreateSecurityGroup
ec2 DeleteSecurityGroup
ec2 CreateNetworkInterface
ec2 DeleteNetworkInterface
ec2 GetPasswordData X
ec2 CreateKeyPair X
ec2 ImportKeyPair X
ec2 DeleteKeyPair
ec2 ModifySnapshotAttribute X
ec2 ModifyImageAttribute X
ec2 GetConsoleOutput X
ec2 GetConsoleScreenshot
ec2 CreateLaunchTemplateVersion
ec2 ModifyVolume
ec2 AllocateAddress
ec2 AssociateAddress
ec2 ReleaseAddress
ec2 CreateImage
ec2 DeregisterImage
ec2 CopySnapshot
ec2 CreateFlowLogs
ec2 DeleteFlowLogs X
ec2 EnableEbsEncryptionByDefault
ec2 DisableEbsEncryptionByDefault X
ec2 CreateVpc
ec2 CreateSubnet
ec2 CreateRoute
ec2 ModifyInstanceMetadataOptions
kms GenerateDataKeyWithoutPlaintext
kms ReEncrypt
kms ListKeys
kms GetKeyPolicy
kms GetKeyRotationStatus
kms ListResourceTags
kms ListGrants
kms CreateGrant
kms RetireGrant
kms Sign
kms Verify
kms GetPublicKey
kms PutKeyPolicy X
kms CreateKey
kms CreateAlias
kms ScheduleKeyDeletion X
kms DisableKey X
kms EnableKeyRotation
kms DisableKeyRotation X
kms TagResource
lambda GetFunctionConfiguration20150331v2
lambda ListEventSourceMappings20150331
lambda GetPolicy20150331v2
lambda ListLayers20181031
lambda ListTags20170331
lambda ListVersionsByFunction20150331
lambda ListAliases20150331
lambda GetFunctionCodeSigningConfig
lambda GetAccountSettings20160819
lambda UpdateFunctionCode20150331v2
lambda UpdateFunctionConfiguration20150331v2 X
lambda CreateFunction20150331 X
lambda DeleteFunction20150331
lambda AddPermission20150331v2 X
lambda PublishVersion20150331
lambda CreateEventSourceMapping20150331
lambda UpdateAlias20150331
lambda PutFunctionConcurrency20171031
lambda TagResource20170331v2
logs CreateLogGroup
logs PutRetentionPolicy
logs GetLogEvents
logs StartQuery
logs GetQueryResults
logs DeleteLogGroup X
logs PutSubscriptionFilter
logs DescribeMetricFilters
logs PutMetricFilter
logs DescribeSubscriptionFilters
logs DescribeQueries
logs DeleteLogStream
logs ListTagsLogGroup
logs DescribeExportTasks
logs CreateExportTask X
cloudtrail DescribeTrails
cloudtrail GetTrailStatus
cloudtrail GetEventSelectors
cloudtrail ListTrails
cloudtrail GetTrail
cloudtrail GetInsightSelectors
cloudtrail ListEventDataStores
cloudtrail StopLogging X
cloudtrail StartLogging
cloudtrail DeleteTrail X
cloudtrail UpdateTrail X
cloudtrail PutEventSelectors X
cloudtrail CreateTrail
secretsmanager ListSecrets X
secretsmanager GetResourcePolicy
secretsmanager CreateSecret
secretsmanager PutSecretValue
secretsmanager UpdateSecret
secretsmanager DeleteSecret X
secretsmanager RotateSecret
secretsmanager ListSecretVersionIds
secretsmanager BatchGetSecretValue X
secretsmanager PutResourcePolicy X
secretsmanager TagResource
dynamodb ListTables
dynamodb BatchWriteItem D
dynamodb BatchGetItem D
dynamodb Scan DX
dynamodb DeleteItem D
dynamodb CreateTable
dynamodb UpdateTable
dynamodb DeleteTable X
dynamodb DescribeContinuousBackups
dynamodb ListTagsOfResource
dynamodb DescribeTimeToLive
dynamodb CreateBackup
dynamodb DescribeKinesisStreamingDestination
dynamodb ListBackups
dynamodb ExportTableToPointInTime X
dynamodb UpdateContinuousBackups
ssm DescribeParameters
ssm PutParameter
ssm DeleteParameter
ssm SendCommand X
ssm GetCommandInvocation
ssm ListCommands
ssm ListCommandInvocations
ssm StartSession X
ssm TerminateSession
ssm ResumeSession
ssm ListAssociations
ssm DescribeAssociation
ssm GetDocument
ssm ListTagsForResource
ssm DescribeInstancePatchStates
ssm DescribeMaintenanceWindows
ssm ListDocuments
ssm DescribeAutomationExecutions
ssm StartAutomationExecution
ssm GetInventory
ssm PutInventory
ssm GetDeployablePatchSnapshotForInstance
ssm UpdateInstanceAssociationStatus
ssm ListInstanceAssociations
rds DescribeDBClusters
rds DescribeDBSnapshots
rds DescribeDBEngineVersions
rds DescribeOrderableDBInstanceOptions
rds DescribeDBSubnetGroups
rds DescribeDBParameterGroups
rds DescribeEvents
rds DescribePendingMaintenanceActions
rds DescribeDBClusterSnapshots
rds DescribeDBProxies
rds DescribeDBLogFiles
rds DescribeCertificates
rds ListTagsForResource
rds CreateDBSnapshot
rds CreateDBClusterSnapshot
rds ModifyDBInstance X
rds ModifyDBSnapshotAttribute X
rds CreateDBInstance
rds DeleteDBInstance X
rds RebootDBInstance
rds RestoreDBInstanceFromDBSnapshot
rds StopDBInstance
rds StartDBInstance
rds AddTagsToResource
monitoring GetMetricStatistics
monitoring ListMetrics
monitoring DescribeAlarmHistory
monitoring GetDashboard
monitoring ListDashboards
monitoring DescribeAlarmsForMetric
monitoring PutMetricAlarm
monitoring DeleteAlarms X
monitoring PutDashboard
monitoring SetAlarmState
monitoring DisableAlarmActions X
monitoring EnableAlarmActions
monitoring ListTagsForResource
monitoring GetMetricWidgetImage
sns ListTopics
sns GetTopicAttributes
sns ListSubscriptionsByTopic
sns ListSubscriptions
sns GetSubscriptionAttributes
sns Subscribe
sns Unsubscribe
sns CreateTopic
sns SetTopicAttributes
sns DeleteTopic
sns ListTagsForResource
sqs ListQueues
sqs GetQueueUrl
sqs CreateQueue
sqs SetQueueAttributes
sqs PurgeQueue
sqs DeleteQueue
sqs ListQueueTags
sqs ChangeMessageVisibility D
sqs SendMessageBatch D
ecr BatchCheckLayerAvailability
ecr DescribeRepositories
ecr DescribeImages
ecr ListImages
ecr InitiateLayerUpload
ecr UploadLayerPart
ecr CompleteLayerUpload
ecr PutImage
ecr CreateRepository
ecr DescribeImageScanFindings
ecr GetLifecyclePolicy
ecr GetRepositoryPolicy
ecr BatchDeleteImage
ecr SetRepositoryPolicy X
ecr ListTagsForResource
ecr DescribeRegistry
ecr DeleteRepository
ecs ListServices
ecs DescribeClusters
ecs UpdateService
ecs RunTask
ecs StopTask
ecs RegisterTaskDefinition
ecs DescribeTaskDefinition
ecs ListClusters
ecs DescribeContainerInstances
ecs ListContainerInstances
ecs SubmitTaskStateChange
ecs SubmitContainerStateChange
ecs DiscoverPollEndpoint
ecs ListTaskDefinitions
ecs DeregisterTaskDefinition
ecs ListTagsForResource
ecs DescribeCapacityProviders
ecs CreateService
ecs ExecuteCommand X
ecs UpdateContainerInstancesState
ecs PutAccountSetting
eks DescribeCluster
eks ListClusters
eks ListNodegroups
eks DescribeNodegroup
eks ListAddons
eks DescribeAddon
eks ListFargateProfiles
eks ListIdentityProviderConfigs
eks ListAccessEntries
eks DescribeAccessEntry
eks ListAssociatedAccessPolicies
eks DescribeUpdate
eks ListUpdates
eks UpdateNodegroupConfig
eks UpdateClusterConfig X
eks UpdateClusterVersion
eks CreateNodegroup
eks DeleteNodegroup
eks CreateAccessEntry X
eks AssociateAccessPolicy X
eks CreateAddon
eks UpdateAddon
eks TagResource
eks DescribeAddonVersions
elasticloadbalancing DescribeListeners
elasticloadbalancing DescribeRules
elasticloadbalancing DescribeLoadBalancerAttributes
elasticloadbalancing DescribeTargetGroupAttributes
elasticloadbalancing DescribeTags
elasticloadbalancing DescribeSSLPolicies
elasticloadbalancing DescribeListenerCertificates
elasticloadbalancing RegisterTargets
elasticloadbalancing DeregisterTargets
elasticloadbalancing ModifyTargetGroup
elasticloadbalancing ModifyListener
elasticloadbalancing ModifyLoadBalancerAttributes
elasticloadbalancing CreateTargetGroup
elasticloadbalancing CreateRule
elasticloadbalancing ModifyRule
elasticloadbalancing DeleteRule
elasticloadbalancing AddTags
elasticloadbalancing SetSecurityGroups
autoscaling DescribeScalingActivities
autoscaling DescribeLaunchConfigurations
autoscaling DescribeAutoScalingInstances
autoscaling DescribePolicies
autoscaling DescribeLifecycleHooks
autoscaling DescribeScheduledActions
autoscaling DescribeWarmPool
autoscaling DescribeTags
autoscaling DescribeInstanceRefreshes
autoscaling DescribeAccountLimits
autoscaling DescribeNotificationConfigurations
autoscaling UpdateAutoScalingGroup
autoscaling SetDesiredCapacity
autoscaling CompleteLifecycleAction
autoscaling RecordLifecycleActionHeartbeat
autoscaling TerminateInstanceInAutoScalingGroup
autoscaling StartInstanceRefresh
autoscaling CreateOrUpdateTags
autoscaling SuspendProcesses
autoscaling ResumeProcesses
autoscaling PutScalingPolicy
autoscaling CreateLaunchConfiguration
cloudformation ListStacks
cloudformation DescribeStackEvents
cloudformation DescribeStackResources
cloudformation DescribeStackResource
cloudformation GetTemplate
cloudformation GetTemplateSummary
cloudformation ValidateTemplate
cloudformation ListStackResources
cloudformation DescribeChangeSet
cloudformation ListChangeSets
cloudformation ListExports
cloudformation ListImports
cloudformation DescribeStackSet
cloudformation ListStackSets
cloudformation DescribeType
cloudformation ListTypes
cloudformation DetectStackDrift
cloudformation DescribeStackDriftDetectionStatus
cloudformation CreateStack
cloudformation UpdateStack
cloudformation DeleteStack
cloudformation CreateChangeSet
cloudformation ExecuteChangeSet
cloudformation DeleteChangeSet
cloudformation SetStackPolicy
route53 ListHostedZones
route53 GetHostedZone
route53 ChangeResourceRecordSets
route53 GetChange
route53 ListHealthChecks
route53 ListTagsForResource
route53 ListHostedZonesByName
route53 GetHealthCheckStatus
route53 ListQueryLoggingConfigs
route53 ChangeTagsForResource
route53 CreateHostedZone
route53 GetDNSSEC
config DescribeConfigRules
config DescribeConfigurationRecorders
config DescribeConfigurationRecorderStatus
config DescribeDeliveryChannels
config DescribeComplianceByConfigRule
config GetComplianceDetailsByConfigRule
config DescribeConfigRuleEvaluationStatus
config GetResourceConfigHistory
config SelectResourceConfig
config ListDiscoveredResources
config PutEvaluations
config PutConfigRule
config StartConfigRulesEvaluation
config StopConfigurationRecorder X
config DeleteConfigurationRecorder X
config DeleteDeliveryChannel X
config PutConfigurationRecorder
guardduty ListDetectors
guardduty GetDetector
guardduty ListFindings
guardduty GetFindings
guardduty GetFindingsStatistics
guardduty ListIPSets
guardduty ListThreatIntelSets
guardduty GetMasterAccount
guardduty GetAdministratorAccount
guardduty ListMembers
guardduty ListPublishingDestinations
guardduty DescribeMalwareScans
guardduty ArchiveFindings
guardduty UpdateFindingsFeedback
guardduty CreateIPSet X
guardduty UpdateIPSet X
guardduty DeleteDetector X
guardduty UpdateDetector X
guardduty CreateDetector
guardduty CreateFilter
guardduty DisassociateFromMasterAccount X
securityhub GetFindings
securityhub BatchImportFindings
securityhub BatchUpdateFindings
securityhub DescribeHub
securityhub GetEnabledStandards
securityhub DescribeStandardsControls
securityhub DescribeStandards
securityhub ListEnabledProductsForImport
securityhub GetInsights
securityhub GetInsightResults
securityhub DescribeProducts
securityhub ListMembers
securityhub GetAdministratorAccount
securityhub UpdateStandardsControl X
securityhub BatchDisableStandards X
securityhub DisableSecurityHub X
organizations DescribeOrganization
organizations ListAccounts
organizations DescribeAccount
organizations ListOrganizationalUnitsForParent
organizations ListPoliciesForTarget
organizations ListRoots
organizations ListParents
organizations DescribePolicy
organizations ListTagsForResource
organizations ListPolicies
organizations ListChildren
organizations ListAccountsForParent
organizations DescribeOrganizationalUnit
organizations ListDelegatedAdministrators
organizations ListAWSServiceAccessForOrganization
organizations ListHandshakesForAccount
organizations LeaveOrganization X
organizations CreateAccount
organizations MoveAccount
organizations AttachPolicy
organizations DetachPolicy X
sso ListInstances
sso ListPermissionSets
sso DescribePermissionSet
sso ListAccountAssignments
sso ListAccountsForProvisionedPermissionSet
sso ListPermissionSetsProvisionedToAccount
sso ListManagedPoliciesInPermissionSet
sso GetInlinePolicyForPermissionSet
sso DescribePermissionSetProvisioningStatus
sso ListTagsForResource
sso CreateAccountAssignment X
sso DeleteAccountAssignment
sso CreatePermissionSet
sso ProvisionPermissionSet
sso AttachManagedPolicyToPermissionSet X
sso PutInlinePolicyToPermissionSet X
acm ListCertificates
acm DescribeCertificate
acm GetCertificate
acm ListTagsForCertificate
acm RequestCertificate
acm DeleteCertificate
acm AddTagsToCertificate
apigateway GetRestApis
apigateway GetRestApi
apigateway GetResources
apigateway GetStages
apigateway GetStage
apigateway GetDomainNames
apigateway GetDeployments
apigateway GetApis
apigateway GetApi
apigateway GetAuthorizers
apigateway GetUsagePlans
apigateway GetApiKeys X
apigateway CreateDeployment
apigateway UpdateStage
apigateway CreateStage
apigateway UpdateRestApi
apigateway PutIntegration
events DescribeRule
events ListRules
events ListTargetsByRule
events DescribeEventBus
events ListEventBuses
events ListTagsForResource
events ListConnections
events PutRule
events PutTargets
events DeleteRule X
events DisableRule X
events EnableRule
events RemoveTargets
events PutPermission
states DescribeExecution
states ListExecutions
states DescribeStateMachine
states ListStateMachines
states GetExecutionHistory
states DescribeStateMachineForExecution
states ListTagsForResource
states ListActivities
states UpdateStateMachine
states StopExecution
states CreateStateMachine
states DeleteStateMachine
states SendTaskSuccess
glue GetTables
glue GetDatabase
glue GetDatabases
glue GetPartitions
glue GetPartition
glue BatchGetPartition
glue GetJobRun
glue GetJobRuns
glue GetJob
glue GetJobs
glue GetCrawler
glue GetCrawlers
glue GetCrawlerMetrics
glue GetConnection
glue GetSecurityConfiguration
glue GetTableVersions
glue GetUserDefinedFunctions
glue BatchCreatePartition
glue StartJobRun
glue CreateTable
glue UpdateTable
glue StartCrawler
glue CreatePartition
glue UpdatePartition
glue DeleteTable
glue BatchDeletePartition
glue CreateDatabase
athena StartQueryExecution
athena GetQueryResults
athena ListWorkGroups
athena GetWorkGroup
athena ListDataCatalogs
athena ListDatabases
athena GetTableMetadata
athena ListTableMetadata
athena ListQueryExecutions
athena BatchGetQueryExecution
athena StopQueryExecution
athena GetDataCatalog
athena ListNamedQueries
athena GetDatabase
athena ListEngineVersions
kinesis DescribeStream
kinesis ListStreams
kinesis DescribeStreamSummary
kinesis ListShards
kinesis DescribeStreamConsumer
kinesis ListStreamConsumers
kinesis ListTagsForStream
kinesis RegisterStreamConsumer
kinesis CreateStream
kinesis IncreaseStreamRetentionPeriod
kinesis UpdateShardCount
kinesis AddTagsToStream
kinesis DeleteStream X
firehose DescribeDeliveryStream
firehose ListDeliveryStreams
firehose ListTagsForDeliveryStream
firehose UpdateDestination
firehose CreateDeliveryStream
firehose StartDeliveryStreamEncryption
elasticache DescribeCacheClusters
elasticache DescribeReplicationGroups
elasticache DescribeCacheParameterGroups
elasticache DescribeCacheSubnetGroups
elasticache DescribeSnapshots
elasticache DescribeServerlessCaches
elasticache DescribeEvents
elasticache DescribeCacheEngineVersions
elasticache ListTagsForResource
elasticache DescribeUsers
elasticache DescribeUserGroups
elasticache ModifyReplicationGroup
elasticache CreateCacheCluster
elasticache CreateSnapshot
elasticache RebootCacheCluster
cloudfront ListDistributions
cloudfront GetDistribution
cloudfront GetDistributionConfig
cloudfront ListCachePolicies
cloudfront ListOriginAccessControls
cloudfront ListFunctions
cloudfront GetInvalidation
cloudfront ListInvalidations
cloudfront ListTagsForResource
cloudfront CreateInvalidation
cloudfront UpdateDistribution
cloudfront CreateDistribution
backup ListBackupJobs
backup DescribeBackupJob
backup ListBackupPlans
backup GetBackupPlan
backup ListRecoveryPointsByBackupVault
backup DescribeBackupVault
backup ListBackupVaults
backup ListProtectedResources
backup GetBackupVaultAccessPolicy
backup ListBackupSelections
backup GetBackupSelection
backup DescribeRecoveryPoint
backup ListCopyJobs
backup ListRestoreJobs
backup StartBackupJob
backup StartCopyJob
backup StartRestoreJob
backup DeleteRecoveryPoint X
backup DeleteBackupVault X
backup PutBackupVaultAccessPolicy
access-analyzer ListAnalyzers
access-analyzer ListFindings
access-analyzer GetFinding
access-analyzer GetAnalyzer
access-analyzer ListArchiveRules
access-analyzer ValidatePolicy
access-analyzer CheckNoNewAccess
access-analyzer StartResourceScan
access-analyzer DeleteAnalyzer X
health DescribeEvents
health DescribeEventDetails
health DescribeAffectedEntities
health DescribeEventTypes
tagging GetResources
tagging GetTagKeys
tagging GetTagValues
tagging TagResources
tagging UntagResources
ce GetCostAndUsage
ce GetCostForecast
ce GetDimensionValues
ce GetReservationUtilization
ce GetSavingsPlansUtilization
ce GetRightsizingRecommendation
ce GetAnomalies
ce GetCostAndUsageWithResources
ce GetTags
ce DescribeCostCategoryDefinition
codebuild StartBuild
codebuild BatchGetBuilds
codebuild ListBuilds
codebuild BatchGetProjects
codebuild ListProjects
codebuild ListBuildsForProject
codebuild CreateProject
codebuild UpdateProject
codebuild BatchGetReportGroups
codebuild ListReportGroups
codebuild StopBuild
codepipeline GetPipelineState
codepipeline StartPipelineExecution
codepipeline ListPipelineExecutions
codepipeline GetPipeline
codepipeline ListPipelines
codepipeline GetPipelineExecution
codepipeline ListActionExecutions
codepipeline PutJobSuccessResult
codepipeline PollForJobs
codepipeline AcknowledgeJob
codepipeline UpdatePipeline
codepipeline PutApprovalResult
sagemaker ListNotebookInstances
sagemaker DescribeNotebookInstance
sagemaker ListTrainingJobs
sagemaker DescribeTrainingJob
sagemaker ListEndpoints
sagemaker DescribeEndpoint
sagemaker DescribeEndpointConfig
sagemaker ListModels
sagemaker DescribeModel
sagemaker ListDomains
sagemaker ListApps
sagemaker ListUserProfiles
sagemaker CreatePresignedNotebookInstanceUrl X
sagemaker CreatePresignedDomainUrl
sagemaker CreateTrainingJob
sagemaker CreateModel
sagemaker CreateEndpointConfig
sagemaker UpdateEndpoint
sagemaker StopNotebookInstance
sagemaker StartNotebookInstance
sts GetSessionToken S
sts GetFederationToken S
sts AssumeRoleWithSAML S
sts AssumeRoleWithWebIdentity S
";

#[derive(Clone)]
pub struct Entry {
    pub svc: usize,
    pub name: &'static str,
    pub ro: bool,
    pub data: bool,
    pub svc_only: bool,
    pub sensitive: bool,
    /// Zipf-like popularity weight (integer, so the tables are exact).
    pub weight: u64,
}

pub fn read_only_verb(name: &str) -> bool {
    const RO: &[&str] = &[
        "Get",
        "List",
        "Describe",
        "Head",
        "Lookup",
        "Search",
        "Query",
        "Scan",
        "BatchGet",
        "Select",
        "Check",
        "Validate",
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "ReEncrypt",
        "Sign",
        "Verify",
        "Filter",
        "Simulate",
        "Preview",
        "Test",
        "Estimate",
        "Poll",
        "Discover",
        "AssumeRole",
        "Receive",
        "Detect",
        "BatchCheck",
    ];
    RO.iter().any(|p| name.starts_with(p))
}

pub fn parse_catalog() -> Vec<Entry> {
    let mut out = Vec::new();
    for line in CATALOG.lines() {
        let mut it = line.split_whitespace();
        let (Some(svc), Some(name)) = (it.next(), it.next()) else {
            continue;
        };
        let flags = it.next().unwrap_or("");
        let rank = out.len() as f64 + 2.0;
        // rank^-1.25 with correctly rounded operations only (sqrt is exact in IEEE 754).
        let w = 1e9 / (rank * rank.sqrt().sqrt());
        let mut ro = read_only_verb(name);
        if flags.contains('R') {
            ro = true;
        }
        if flags.contains('W') {
            ro = false;
        }
        out.push(Entry {
            svc: svc_index(svc),
            name,
            ro,
            data: flags.contains('D'),
            svc_only: flags.contains('S'),
            sensitive: flags.contains('X'),
            weight: w as u64,
        });
    }
    out
}

pub fn find_entry(cat: &[Entry], svc: &str, name: &str) -> usize {
    cat.iter()
        .position(|e| SVCS[e.svc].id == svc && e.name == name)
        .unwrap_or_else(|| panic!("no catalog entry {svc} {name}"))
}

pub fn event_version(svc: &str) -> &'static str {
    if hash_str(svc) % 100 < 70 {
        "1.09"
    } else {
        "1.08"
    }
}
