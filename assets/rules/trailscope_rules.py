# Generator of assets/rules/trailscope/*.yml and tests/fixtures/detect/*.json: python3 assets/rules/trailscope_rules.py, then python3 assets/rules/list.py.
import json, os, copy
import pathlib
ROOT=pathlib.Path(__file__).resolve().parents[2]
R=str(ROOT/'assets/rules/trailscope')
F=str(ROOT/'tests/fixtures/detect')
HEAD="""# trailscope's own detection rule. Licence: MIT OR Apache-2.0 (the trailscope project).
"""
def base(name, source, t="2026-11-02T10:00:00Z", i=0, **kw):
    r={"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE0000000001","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE000000001","userName":"alice"},
       "eventTime":t,"eventSource":source,"eventName":name,"awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0 Python/3.11",
       "requestParameters":None,"responseElements":None,"requestID":"req-%04d"%i,"eventID":"00000000-0000-4000-8000-%012d"%i,"readOnly":False,"eventType":"AwsApiCall","managementEvent":True,"recipientAccountId":"111122223333","eventCategory":"Management"}
    for k,v in kw.items():
        r[k]=v
    return r
rules=[]
def rule(id, title, level, tags, desc, det, fp, pos, neg, refs=None, status="test"):
    rules.append((id,title,level,tags,desc,det,fp,pos,neg,refs or [],status))

def ids(recs, start):
    out=[]
    for k,r in enumerate(recs):
        r=copy.deepcopy(r); r["eventID"]="00000000-0000-4000-8000-%012d"%(start+k); r["requestID"]="req-%d"%(start+k); out.append(r)
    return out

CT="cloudtrail.amazonaws.com"
rule("ts-cloudtrail-tampering","CloudTrail trail stopped, deleted or its logging narrowed","high",["defense-impairment","t1685.002"],
 "A trail was stopped, deleted, updated or had its event selectors changed: events after it may be missing. Attempts that failed count too (an attacker testing what they may do).",
 """    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - DeleteTrail
            - UpdateTrail
            - PutEventSelectors
            - PutInsightSelectors
    condition: selection""",["Trail maintenance by the team that owns logging"],
 [base("StopLogging",CT,requestParameters={"name":"main"})],[base("StartLogging",CT,requestParameters={"name":"main"})])
rule("ts-network-logging-tampering","VPC flow logs or Route 53 Resolver query logging deleted","high",["defense-impairment","t1685.002"],
 "Flow logs were deleted, or a Resolver query log configuration deleted or disassociated: network evidence stops being recorded.",
 """    selection_flow:
        eventSource: ec2.amazonaws.com
        eventName: DeleteFlowLogs
    selection_resolver:
        eventSource: route53resolver.amazonaws.com
        eventName:
            - DeleteResolverQueryLogConfig
            - DisassociateResolverQueryLogConfig
    condition: 1 of selection_*""",["Network clean-up when a VPC is retired"],
 [base("DeleteResolverQueryLogConfig","route53resolver.amazonaws.com")],[base("CreateResolverQueryLogConfig","route53resolver.amazonaws.com")])
rule("ts-guardduty-tampering","GuardDuty detector, filter, IP set or membership changed","high",["defense-impairment","t1685"],
 "GuardDuty was disabled or blinded: a detector deleted or updated, a suppression filter or trusted IP set created, or the account taken out of its administrator's view.",
 """    selection:
        eventSource: guardduty.amazonaws.com
        eventName:
            - DeleteDetector
            - UpdateDetector
            - CreateFilter
            - UpdateFilter
            - CreateIPSet
            - UpdateIPSet
            - DisassociateFromMasterAccount
            - DisassociateFromAdministratorAccount
            - DeleteMembers
            - DisassociateMembers
            - StopMonitoringMembers
    condition: selection""",["Security team tuning GuardDuty"],
 [base("CreateIPSet","guardduty.amazonaws.com",requestParameters={"detectorId":"d1","activate":True})],[base("ListDetectors","guardduty.amazonaws.com",readOnly=True)])
rule("ts-config-tampering","AWS Config recording stopped or deleted","high",["defense-impairment","t1685"],
 "AWS Config stopped recording, or its recorder, delivery channel or rules were deleted: configuration history stops.",
 """    selection:
        eventSource: config.amazonaws.com
        eventName:
            - StopConfigurationRecorder
            - DeleteConfigurationRecorder
            - DeleteDeliveryChannel
            - DeleteConfigRule
            - DeleteConfigurationAggregator
    condition: selection""",["Decommissioning an account"],
 [base("DeleteDeliveryChannel","config.amazonaws.com")],[base("PutConfigRule","config.amazonaws.com")])
IAM="iam.amazonaws.com"
rule("ts-iam-user-created","IAM user created","medium",["persistence","t1136.003"],
 "A new IAM user: a classic way to keep access with credentials of one's own.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName: CreateUser
    condition: selection""",["Onboarding through the console or infrastructure as code"],
 [base("CreateUser",IAM,requestParameters={"userName":"svc-backup-sync"})],[base("GetUser",IAM,readOnly=True)])
rule("ts-iam-access-key-other-user","Access key created for another IAM user","medium",["persistence","t1098.001"],
 "CreateAccessKey naming a user (requestParameters.userName): keys made for someone else, a way to plant credentials. A user making their own key names no user.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName: CreateAccessKey
        requestParameters.userName|exists: true
    condition: selection""",["Administrators issuing keys for service users"],
 [base("CreateAccessKey",IAM,requestParameters={"userName":"svc-backup-sync"})],[base("CreateAccessKey",IAM,requestParameters={})])
rule("ts-iam-login-profile","Console password created or changed for an IAM user","medium",["persistence","t1098.001"],
 "CreateLoginProfile or UpdateLoginProfile: gives (or takes over) console access for a user.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName:
            - CreateLoginProfile
            - UpdateLoginProfile
    condition: selection""",["Password resets by administrators"],
 [base("CreateLoginProfile",IAM,requestParameters={"userName":"bob","passwordResetRequired":False})],[base("GetLoginProfile",IAM,readOnly=True)])
rule("ts-iam-trust-policy-changed","Role trust policy changed","high",["persistence","privilege-escalation","t1098.003"],
 "UpdateAssumeRolePolicy: who may assume the role changed; an outside account or a user added to a trust policy is a backdoor.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName: UpdateAssumeRolePolicy
    condition: selection""",["Infrastructure as code updating roles"],
 [base("UpdateAssumeRolePolicy",IAM,requestParameters={"roleName":"r","policyDocument":"{}"})],[base("GetRole",IAM,readOnly=True)])
rule("ts-iam-admin-policy-attached","AdministratorAccess attached to a user, group or role","high",["privilege-escalation","persistence","t1098.003"],
 "The AdministratorAccess managed policy attached to an identity: full control of the account.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName:
            - AttachUserPolicy
            - AttachGroupPolicy
            - AttachRolePolicy
        requestParameters.policyArn|endswith: /AdministratorAccess
    condition: selection""",["Break-glass roles set up on purpose"],
 [base("AttachUserPolicy",IAM,requestParameters={"userName":"x","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})],
 [base("AttachUserPolicy",IAM,requestParameters={"userName":"x","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})])
rule("ts-iam-policy-escalation","IAM policy granted or rewritten (inline policy, new default version, group membership)","medium",["privilege-escalation","t1098.003"],
 "Inline policies put on users, groups or roles, a new policy version made the default, or a user added to a group: the usual privilege-escalation moves of a principal allowed to edit IAM.",
 """    selection_inline:
        eventSource: iam.amazonaws.com
        eventName:
            - PutUserPolicy
            - PutGroupPolicy
            - PutRolePolicy
            - SetDefaultPolicyVersion
            - AddUserToGroup
    selection_version:
        eventSource: iam.amazonaws.com
        eventName: CreatePolicyVersion
        requestParameters.setAsDefault: true
    condition: 1 of selection_*""",["Infrastructure as code managing policies"],
 [base("CreatePolicyVersion",IAM,requestParameters={"policyArn":"arn:aws:iam::111122223333:policy/p","setAsDefault":True})],
 [base("CreatePolicyVersion",IAM,requestParameters={"policyArn":"arn:aws:iam::111122223333:policy/p","setAsDefault":False})])
rule("ts-ec2-password-data","EC2 Windows password data retrieved","medium",["credential-access","t1552.005"],
 "GetPasswordData returns the encrypted administrator password of a Windows instance; attackers enumerate it across instances (failures count: they show the attempt).",
 """    selection:
        eventSource: ec2.amazonaws.com
        eventName: GetPasswordData
    condition: selection""",["Administrators connecting to Windows instances"],
 [base("GetPasswordData","ec2.amazonaws.com",requestParameters={"instanceId":"i-1"},readOnly=True)],[base("DescribeInstances","ec2.amazonaws.com",readOnly=True)])
def burst(name, source, n, step_s=20, start=0, **kw):
    out=[]
    for k in range(n):
        s=start+k*step_s
        out.append(base(name, source, t="2026-11-02T10:%02d:%02dZ"%(s//60, s%60), **kw))
    return out
def secrets(n, distinct, step_s=20):
    out=[]
    for k in range(n):
        s=k*step_s
        out.append(base("GetSecretValue","secretsmanager.amazonaws.com",t="2026-11-02T10:%02d:%02dZ"%(s//60,s%60),readOnly=True,
            requestParameters={"secretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:s%d"%(k if distinct else 0)}))
    return out
rule("ts-secrets-bulk-read","Many different secrets read by one principal","high",["credential-access","t1555.006"],
 "More than 10 different Secrets Manager secrets read by one principal within 10 minutes: harvesting stored credentials (applications read the same few secrets again and again).",
 """    selection:
        eventSource: secretsmanager.amazonaws.com
        eventName: GetSecretValue
    timeframe: 10m
    condition: selection | count(requestParameters.secretId) by userIdentity.arn > 10""",["A deployment tool reading every secret of an application"],
 secrets(12,True),secrets(12,False))
def share(name, source, rp):
    return base(name, source, requestParameters=rp)
rule("ts-snapshot-shared-outside","Snapshot or image shared with an account not in the trail","high",["exfiltration","t1537"],
 "An EBS snapshot, AMI or RDS snapshot shared with an account id that is not one of the accounts of the loaded trail (%trailscope.loaded_accounts% is every recipient and principal account seen): a way to copy data out.",
 """    selection_ebs:
        eventSource: ec2.amazonaws.com
        eventName: ModifySnapshotAttribute
        requestParameters.createVolumePermission.add.items.userId|exists: true
    selection_ami:
        eventSource: ec2.amazonaws.com
        eventName: ModifyImageAttribute
        requestParameters.launchPermission.add.items.userId|exists: true
    selection_rds:
        eventSource: rds.amazonaws.com
        eventName:
            - ModifyDBSnapshotAttribute
            - ModifyDBClusterSnapshotAttribute
        requestParameters.attributeName: restore
        requestParameters.valuesToAdd|exists: true
    filter_known_ebs:
        requestParameters.createVolumePermission.add.items.userId|expand: '%trailscope.loaded_accounts%'
    filter_known_ami:
        requestParameters.launchPermission.add.items.userId|expand: '%trailscope.loaded_accounts%'
    filter_known_rds:
        requestParameters.valuesToAdd|expand: '%trailscope.loaded_accounts%'
    filter_public:
        requestParameters.valuesToAdd: all
    condition: 1 of selection_* and not 1 of filter_*""",["Sharing with a partner or backup account whose events are not in the loaded trail"],
 [share("ModifySnapshotAttribute","ec2.amazonaws.com",{"snapshotId":"snap-1","createVolumePermission":{"add":{"items":[{"userId":"999988887777"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"})],
 [share("ModifySnapshotAttribute","ec2.amazonaws.com",{"snapshotId":"snap-1","createVolumePermission":{"add":{"items":[{"userId":"111122223333"}]}},"attributeType":"CREATE_VOLUME_PERMISSION"})])
rule("ts-snapshot-made-public","Snapshot or image made public","critical",["exfiltration","t1537"],
 "An EBS snapshot or AMI shared with group all, or an RDS snapshot's restore attribute given all: anyone can copy it.",
 """    selection_ec2:
        eventSource: ec2.amazonaws.com
        eventName:
            - ModifySnapshotAttribute
            - ModifyImageAttribute
    public_ebs:
        requestParameters.createVolumePermission.add.items.group: all
    public_ami:
        requestParameters.launchPermission.add.items.group: all
    selection_rds:
        eventSource: rds.amazonaws.com
        eventName:
            - ModifyDBSnapshotAttribute
            - ModifyDBClusterSnapshotAttribute
        requestParameters.valuesToAdd: all
    condition: (selection_ec2 and 1 of public_*) or selection_rds""",["Public AMIs published on purpose"],
 [share("ModifyImageAttribute","ec2.amazonaws.com",{"imageId":"ami-1","launchPermission":{"add":{"items":[{"group":"all"}]}}})],
 [share("ModifyImageAttribute","ec2.amazonaws.com",{"imageId":"ami-1","launchPermission":{"add":{"items":[{"userId":"111122223333"}]}}})])
rule("ts-sg-open-to-world","Security group opened to the whole internet","medium",["initial-access","stealth","t1190"],
 "An ingress rule from 0.0.0.0/0 or ::/0 added to a security group.",
 """    selection:
        eventSource: ec2.amazonaws.com
        eventName:
            - AuthorizeSecurityGroupIngress
            - ModifySecurityGroupRules
    world_v4:
        requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0
    world_v6:
        requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6: '::/0'
    world_rules:
        requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule.CidrIpv4: 0.0.0.0/0
    condition: selection and 1 of world_*""",["Public web servers on ports 80 and 443"],
 [share("AuthorizeSecurityGroupIngress","ec2.amazonaws.com",{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}})],
 [share("AuthorizeSecurityGroupIngress","ec2.amazonaws.com",{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}}]}})])
rule("ts-org-leave","Account leaving its AWS Organization","high",["defense-impairment","t1685"],
 "LeaveOrganization (or an account removed from the organization): the organization's guardrails, trails and security services no longer apply to it.",
 """    selection:
        eventSource: organizations.amazonaws.com
        eventName:
            - LeaveOrganization
            - RemoveAccountFromOrganization
    condition: selection""",["Planned account moves between organizations"],
 [base("LeaveOrganization","organizations.amazonaws.com")],[base("DescribeOrganization","organizations.amazonaws.com",readOnly=True)])
LAM="lambda.amazonaws.com"
rule("ts-lambda-backdoor","Lambda function opened to anyone","high",["persistence","t1546"],
 "A resource policy letting any principal invoke a function (AddPermission with principal *), or a function URL without authentication: a backdoor anyone can call.",
 """    selection_public:
        eventSource: lambda.amazonaws.com
        eventName|startswith: AddPermission
        requestParameters.principal: '\\*'
    selection_url:
        eventSource: lambda.amazonaws.com
        eventName|startswith:
            - CreateFunctionUrlConfig
            - UpdateFunctionUrlConfig
        requestParameters.authType: NONE
    condition: 1 of selection_*""",["Public function URLs and resource policies set up on purpose"],
 [base("AddPermission20150707",LAM,requestParameters={"functionName":"f","principal":"*","action":"lambda:InvokeFunction"})],
 [base("AddPermission20150707",LAM,requestParameters={"functionName":"f","principal":"s3.amazonaws.com","action":"lambda:InvokeFunction"})])
rule("ts-lambda-code-by-user","Lambda function code replaced by an IAM user","low",["persistence","t1525"],
 "UpdateFunctionCode by an IAM user's long-term key rather than a deployment role: code replaced from someone's machine (a backdoor planted in a function keeps running with its role).",
 """    selection:
        eventSource: lambda.amazonaws.com
        eventName|startswith: UpdateFunctionCode
        userIdentity.type: IAMUser
    condition: selection""",["Deployment users of CI systems that still use IAM user keys"],
 [base("UpdateFunctionCode20150331v2",LAM,requestParameters={"functionName":"f"})],
 [base("UpdateFunctionCode20150331v2",LAM,requestParameters={"functionName":"f"},userIdentity={"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/deploy/ci","accountId":"111122223333","principalId":"AROAX:ci","accessKeyId":"ASIAX"})])
rule("ts-ssm-remote-command","Command or session run on instances through SSM","medium",["execution","lateral-movement","t1651"],
 "SendCommand or StartSession by a person or key rather than a service: running code on instances with the instance's own permissions.",
 """    selection:
        eventSource: ssm.amazonaws.com
        eventName:
            - SendCommand
            - StartSession
    filter_service:
        userIdentity.type: AWSService
    condition: selection and not filter_service""",["Administrators using Session Manager"],
 [base("StartSession","ssm.amazonaws.com",requestParameters={"target":"i-1"})],[base("DescribeSessions","ssm.amazonaws.com",readOnly=True)])
rule("ts-ec2-instance-connect","SSH key pushed with EC2 Instance Connect","medium",["lateral-movement","t1021.004"],
 "SendSSHPublicKey / SendSerialConsoleSSHPublicKey: a temporary key pushed to an instance, to log in to it.",
 """    selection:
        eventSource: ec2-instance-connect.amazonaws.com
        eventName:
            - SendSSHPublicKey
            - SendSerialConsoleSSHPublicKey
    condition: selection""",["Administrators connecting with EC2 Instance Connect"],
 [base("SendSSHPublicKey","ec2-instance-connect.amazonaws.com",requestParameters={"instanceId":"i-1","instanceOSUser":"ec2-user"})],[base("DescribeInstances","ec2.amazonaws.com",readOnly=True)])
SIGNIN="signin.amazonaws.com"
def login(result, mfa, **kw):
    r=base("ConsoleLogin",SIGNIN,eventType="AwsConsoleSignIn",responseElements={"ConsoleLogin":result},additionalEventData={"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":mfa})
    r.pop("readOnly",None); r["userAgent"]="Mozilla/5.0 (X11; Linux x86_64)"
    r.update(kw); return r
rule("ts-console-login-no-mfa","Console sign-in without MFA (IAM user or root)","medium",["initial-access","t1078.004"],
 "A successful console sign-in by an IAM user or the root user without MFA. Sign-ins through IAM Identity Center (SSO) and SAML federation are left out: MFA is enforced by the identity provider there, and CloudTrail logs MFAUsed No for them.",
 """    selection:
        eventSource: signin.amazonaws.com
        eventName: ConsoleLogin
        responseElements.ConsoleLogin: Success
        additionalEventData.MFAUsed: 'No'
        userIdentity.type:
            - IAMUser
            - Root
    filter_saml:
        additionalEventData.SamlProviderArn|exists: true
    filter_sso:
        userIdentity.arn|contains: AWSReservedSSO_
    condition: selection and not 1 of filter_*""",["Accounts that are not yet enrolled in MFA"],
 [login("Success","No")],[login("Success","Yes")])
rule("ts-root-activity","Root user changing the account","high",["privilege-escalation","t1078.004"],
 "A write call by the root user (not a sign-in, not an AWS service event): root should be locked away; few tasks need it.",
 """    selection:
        userIdentity.type: Root
        readOnly: false
    filter_signin:
        eventSource: signin.amazonaws.com
    filter_service:
        eventType: AwsServiceEvent
    condition: selection and not 1 of filter_*""",["The few tasks that need root (closing the account, changing the support plan)"],
 [base("PutBucketPolicy","s3.amazonaws.com",userIdentity={"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"})],
 [base("ListBuckets","s3.amazonaws.com",readOnly=True,userIdentity={"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"})])
rule("ts-root-access-key","Access key created for the root user","critical",["persistence","t1098.001"],
 "CreateAccessKey made by the root user: long-term keys with every permission.",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName: CreateAccessKey
        userIdentity.type: Root
    condition: selection""",["None: AWS recommends against root keys"],
 [base("CreateAccessKey",IAM,userIdentity={"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"})],
 [base("CreateAccessKey",IAM)])
rule("ts-console-brute-force","Console sign-in failures from one address","high",["credential-access","t1110"],
 "More than 5 failed console sign-ins from one source address within 10 minutes: password guessing.",
 """    selection:
        eventSource: signin.amazonaws.com
        eventName: ConsoleLogin
        responseElements.ConsoleLogin: Failure
    timeframe: 10m
    condition: selection | count() by sourceIPAddress > 5""",["A user who forgot their password, retrying"],
 [dict(login("Failure","No"), eventTime="2026-11-02T10:0%d:00Z"%k) for k in range(7)],
 [dict(login("Failure","No"), eventTime="2026-11-02T1%d:00:00Z"%k) for k in range(7)])
rule("ts-access-denied-burst","Burst of refused calls by one principal","medium",["discovery","t1580"],
 "More than 20 calls refused for lack of permission (AccessDenied, UnauthorizedOperation) by one principal within 10 minutes: someone probing what stolen credentials may do.",
 """    selection:
        errorCode:
            - AccessDenied
            - AccessDeniedException
            - Client.UnauthorizedOperation
            - UnauthorizedOperation
    timeframe: 10m
    condition: selection | count() by userIdentity.arn > 20""",["A misconfigured application retrying"],
 burst("ListUsers",IAM,22,step_s=10,errorCode="AccessDenied",readOnly=True),burst("ListUsers",IAM,22,step_s=60,errorCode="AccessDenied",readOnly=True))
rule("ts-enumeration-burst","Many different read-only APIs called by one principal","medium",["discovery","t1580","t1087.004"],
 "More than 80 distinct List/Describe/Get calls by one principal within 10 minutes: enumeration of the account (recon tools such as Pacu, ScoutSuite or enumerate-iam call hundreds).",
 """    selection:
        eventName|startswith:
            - List
            - Describe
            - Get
    timeframe: 10m
    condition: selection | count(eventName) by userIdentity.arn > 80""",["Inventory and security scanners running under their own role"],
 [base("List%03d"%k,IAM,t="2026-11-02T10:%02d:%02dZ"%(k//60,k%60),readOnly=True) for k in range(82)],
 [base("ListUsers",IAM,t="2026-11-02T10:%02d:%02dZ"%(k//60,k%60),readOnly=True) for k in range(82)])
rule("ts-ec2-user-data-change","EC2 instance user data changed","high",["execution","persistence","t1059.009"],
 "ModifyInstanceAttribute with userData: code that runs as root at the next start. (SigmaHQ's startup-script rule looks for requestParameters.attribute, which CloudTrail does not log for this call.)",
 """    selection:
        eventSource: ec2.amazonaws.com
        eventName: ModifyInstanceAttribute
        requestParameters.userData|exists: true
    condition: selection""",["Instance bootstrapping scripts updated by administrators"],
 [share("ModifyInstanceAttribute","ec2.amazonaws.com",{"instanceId":"i-1","userData":"<sensitiveDataRemoved>"})],
 [share("ModifyInstanceAttribute","ec2.amazonaws.com",{"instanceId":"i-1","disableApiTermination":{"value":False}})])
rule("ts-s3-lifecycle-change","S3 lifecycle rule expiring objects within 3 days","medium",["impact","defense-impairment","t1485"],
 "PutBucketLifecycle with an expiration of 1 to 3 days: the bucket's objects (logs included) are deleted almost at once. (SigmaHQ's tampering rule names PutLifecycleConfiguration, which CloudTrail does not log.)",
 """    selection:
        eventSource: s3.amazonaws.com
        eventName: PutBucketLifecycle
        requestParameters.LifecycleConfiguration.Rule.Expiration.Days:
            - 0
            - 1
            - 2
            - 3
    condition: selection""",["Scratch buckets cleaned daily"],
 [share("PutBucketLifecycle","s3.amazonaws.com",{"bucketName":"logs","LifecycleConfiguration":{"Rule":{"Status":"Enabled","Expiration":{"Days":1},"ID":"x"}}})],
 [share("PutBucketLifecycle","s3.amazonaws.com",{"bucketName":"logs","LifecycleConfiguration":{"Rule":{"Status":"Enabled","Expiration":{"Days":90},"ID":"x"}}})])
rule("ts-iam-saml-provider-deleted","SAML identity provider deleted or replaced","medium",["persistence","defense-impairment","t1556"],
 "DeleteSAMLProvider or UpdateSAMLProvider: federation sign-ins change or stop. (SigmaHQ's rule requires a status field CloudTrail does not have.)",
 """    selection:
        eventSource: iam.amazonaws.com
        eventName:
            - DeleteSAMLProvider
            - UpdateSAMLProvider
    condition: selection""",["Rotating the identity provider's certificate"],
 [base("DeleteSAMLProvider",IAM,requestParameters={"sAMLProviderArn":"arn:aws:iam::111122223333:saml-provider/idp"})],[base("ListSAMLProviders",IAM,readOnly=True)])
rule("ts-kms-key-disabled","KMS key scheduled for deletion or disabled","high",["impact","t1485"],
 "ScheduleKeyDeletion or DisableKey: data encrypted with the key becomes unreadable (ransom, destruction).",
 """    selection:
        eventSource: kms.amazonaws.com
        eventName:
            - ScheduleKeyDeletion
            - DisableKey
    condition: selection""",["Retiring unused keys"],
 [base("ScheduleKeyDeletion","kms.amazonaws.com",requestParameters={"keyId":"k","pendingWindowInDays":7})],[base("CancelKeyDeletion","kms.amazonaws.com")])

rule("ts-s3-bucket-policy-grant","S3 bucket policy granting access outside the loaded accounts","medium",["exfiltration","persistence","t1537"],
 "PutBucketPolicy with a statement whose principal is an account not among the loaded accounts (%trailscope.loaded_accounts%), or everyone (*): a bucket backdoored for another account, or made public. Policies naming only services or the trail's own accounts are left out.",
 """    selection:
        eventSource: s3.amazonaws.com
        eventName: PutBucketPolicy
    grant_aws:
        requestParameters.bucketPolicy.Statement.Principal.AWS|exists: true
    known_aws:
        requestParameters.bucketPolicy.Statement.Principal.AWS|contains|expand: '%trailscope.loaded_accounts%'
    grant_all:
        requestParameters.bucketPolicy.Statement.Principal: '\\*'
    condition: selection and ((grant_aws and not known_aws) or grant_all)""",["Cross-account access set up on purpose (log archives, data sharing)"],
 [share("PutBucketPolicy","s3.amazonaws.com",{"bucketName":"b","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}})],
 [share("PutBucketPolicy","s3.amazonaws.com",{"bucketName":"b","bucketPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}})])

start=1000
for (id,title,level,tags,desc,det,fp,pos,neg,refs,status) in rules:
    tag_lines="\n".join("    - attack.%s"%t for t in tags)
    fps="\n".join("    - %s"%json.dumps(f) for f in fp)
    text=f"""{HEAD}title: {json.dumps(title)}
id: {id}
status: {status}
description: {json.dumps(desc)}
author: trailscope
license: MIT OR Apache-2.0
date: 2026-12-01
tags:
{tag_lines}
logsource:
    product: aws
    service: cloudtrail
detection:
{det}
falsepositives:
{fps}
level: {level}
"""
    open(os.path.join(R, id+".yml"),"w").write(text)
    p=ids(pos,start); start+=100
    n=ids(neg,start); start+=100
    json.dump({"positive":p,"negative":n}, open(os.path.join(F,id+".json"),"w"), indent=1)
print(len(rules))
