/**
 * ABI of contracts/storage/StorageMarket.sol, typed `as const` for viem (no Hardhat at run time).
 * Generated from the compiled artifact by test/storage/generateAbi.ts; test/storage/attacks.test.ts
 * fails when the contract changes and this copy is stale.
 */
export const storageMarketAbi = [
  {
    inputs: [
      {
        internalType: "contract IERC20",
        name: "token_",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "epochLength_",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "slashBps_",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "bountyBps_",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "maxMisses_",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
    type: "constructor",
  },
  {
    inputs: [],
    name: "ContentProofHashFailed",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "size",
        type: "uint256",
      },
    ],
    name: "ContentProofInvalidSize",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "bytes",
        name: "signature",
        type: "bytes",
      },
    ],
    name: "MessagesInvalidSignature",
    type: "error",
  },
  {
    inputs: [],
    name: "ReentrancyGuardReentrantCall",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint8",
        name: "bits",
        type: "uint8",
      },
      {
        internalType: "uint256",
        name: "value",
        type: "uint256",
      },
    ],
    name: "SafeCastOverflowedUintDowncast",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address",
      },
    ],
    name: "SafeERC20FailedOperation",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "host",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "size",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "available",
        type: "uint256",
      },
    ],
    name: "StorageMarketCapacityExceeded",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "deadline",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "blockNumber",
        type: "uint256",
      },
    ],
    name: "StorageMarketDeadlinePassed",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        internalType: "enum DealStatus",
        name: "status",
        type: "uint8",
      },
    ],
    name: "StorageMarketDealNotActive",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "length",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "max",
        type: "uint256",
      },
    ],
    name: "StorageMarketEndpointTooLong",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "host",
        type: "address",
      },
    ],
    name: "StorageMarketHostNotRegistered",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "pricePerPeriod",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "collateral",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidAmount",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "capacity",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "used",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidCapacity",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "challenges",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "max",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidChallenges",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "epochLength",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "slashBps",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "bountyBps",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "maxMisses",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidConfig",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "client",
        type: "address",
      },
      {
        internalType: "address",
        name: "host",
        type: "address",
      },
    ],
    name: "StorageMarketInvalidParties",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "periodLength",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "epochLength",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidPeriodLength",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "periods",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidPeriods",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "size",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidSize",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "start",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "blockNumber",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "epochLength",
        type: "uint256",
      },
    ],
    name: "StorageMarketInvalidStart",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "client",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "nonce",
        type: "uint256",
      },
    ],
    name: "StorageMarketNonceUsed",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "caller",
        type: "address",
      },
      {
        internalType: "address",
        name: "client",
        type: "address",
      },
    ],
    name: "StorageMarketNotClient",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "caller",
        type: "address",
      },
      {
        internalType: "address",
        name: "host",
        type: "address",
      },
    ],
    name: "StorageMarketNotHost",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        internalType: "uint256",
        name: "periods",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "keep",
        type: "uint256",
      },
    ],
    name: "StorageMarketNothingToCancel",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "account",
        type: "address",
      },
    ],
    name: "StorageMarketNothingToClaim",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "StorageMarketNothingToReport",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        internalType: "uint256",
        name: "start",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "end",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "blockNumber",
        type: "uint256",
      },
    ],
    name: "StorageMarketRenewalGap",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "StorageMarketRenewalMismatch",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "epoch",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "seedBlock",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "blockNumber",
        type: "uint256",
      },
    ],
    name: "StorageMarketSeedTooEarly",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "StorageMarketUnknownDeal",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "chainId",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "expected",
        type: "uint256",
      },
    ],
    name: "StorageMarketWrongChain",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "market",
        type: "address",
      },
      {
        internalType: "address",
        name: "expected",
        type: "address",
      },
    ],
    name: "StorageMarketWrongMarket",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "signer",
        type: "address",
      },
      {
        internalType: "address",
        name: "client",
        type: "address",
      },
    ],
    name: "StorageMarketWrongSigner",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address",
      },
      {
        internalType: "address",
        name: "to",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256",
      },
    ],
    name: "TokenTransferReverted",
    type: "error",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address",
      },
      {
        internalType: "address",
        name: "to",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "sent",
        type: "uint256",
      },
      {
        internalType: "uint256",
        name: "received",
        type: "uint256",
      },
    ],
    name: "TokenTransferUnproven",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "account",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "amount",
        type: "uint256",
      },
    ],
    name: "Claimed",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "address",
        name: "client",
        type: "address",
      },
      {
        indexed: true,
        internalType: "address",
        name: "host",
        type: "address",
      },
      {
        indexed: false,
        internalType: "bytes32",
        name: "root",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "size",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "start",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "periods",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "escrow",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "collateral",
        type: "uint256",
      },
    ],
    name: "DealAccepted",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "periods",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "refund",
        type: "uint256",
      },
    ],
    name: "DealCancelled",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "collateralReturned",
        type: "uint256",
      },
    ],
    name: "DealCompleted",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: true,
        internalType: "bytes32",
        name: "renewal",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "addedPeriods",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "escrow",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "collateral",
        type: "uint256",
      },
    ],
    name: "DealRenewed",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "refund",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "slashed",
        type: "uint256",
      },
    ],
    name: "DealTerminated",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "host",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint64",
        name: "capacity",
        type: "uint64",
      },
      {
        indexed: false,
        internalType: "uint128",
        name: "pricePerGiBPerPeriod",
        type: "uint128",
      },
      {
        indexed: false,
        internalType: "uint128",
        name: "collateralPerGiB",
        type: "uint128",
      },
      {
        indexed: false,
        internalType: "string",
        name: "endpoint",
        type: "string",
      },
    ],
    name: "HostUpdated",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "uint256",
        name: "epoch",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "hashedBlock",
        type: "uint256",
      },
    ],
    name: "LateSeedRecorded",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "client",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "nonce",
        type: "uint256",
      },
    ],
    name: "NonceInvalidated",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "period",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "refund",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "slashed",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "bounty",
        type: "uint256",
      },
      {
        indexed: true,
        internalType: "address",
        name: "reporter",
        type: "address",
      },
    ],
    name: "PeriodMissed",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "period",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "enum ProofFailure",
        name: "reason",
        type: "uint8",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "challenge",
        type: "uint256",
      },
    ],
    name: "ProofRejected",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "submitter",
        type: "address",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "entries",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "accepted",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "uint256[]",
        name: "proven",
        type: "uint256[]",
      },
    ],
    name: "ProofsSubmitted",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "uint256",
        name: "epoch",
        type: "uint256",
      },
      {
        indexed: false,
        internalType: "bytes32",
        name: "seed",
        type: "bytes32",
      },
    ],
    name: "SeedRecorded",
    type: "event",
  },
  {
    inputs: [],
    name: "MAX_BOUNTY_BPS",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "MAX_ENDPOINT_LENGTH",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "MAX_SETTLE",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: "uint256",
            name: "chainId",
            type: "uint256",
          },
          {
            internalType: "address",
            name: "market",
            type: "address",
          },
          {
            internalType: "address",
            name: "client",
            type: "address",
          },
          {
            internalType: "address",
            name: "host",
            type: "address",
          },
          {
            internalType: "bytes32",
            name: "root",
            type: "bytes32",
          },
          {
            internalType: "uint256",
            name: "size",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "start",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "periods",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "periodLength",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "pricePerPeriod",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "collateral",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "challengesPerPeriod",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "nonce",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "deadline",
            type: "uint256",
          },
        ],
        internalType: "struct Messages.StorageDeal",
        name: "terms",
        type: "tuple",
      },
      {
        internalType: "bytes",
        name: "signature",
        type: "bytes",
      },
    ],
    name: "acceptDeal",
    outputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [],
    name: "bountyBps",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "cancelDeal",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        internalType: "uint256",
        name: "period",
        type: "uint256",
      },
    ],
    name: "challengeIndices",
    outputs: [
      {
        internalType: "uint256[]",
        name: "indices",
        type: "uint256[]",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "claim",
    outputs: [
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "account",
        type: "address",
      },
    ],
    name: "creditOf",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "epochLength",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "escrowOf",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "getDeal",
    outputs: [
      {
        components: [
          {
            internalType: "bytes32",
            name: "root",
            type: "bytes32",
          },
          {
            internalType: "address",
            name: "host",
            type: "address",
          },
          {
            internalType: "uint40",
            name: "start",
            type: "uint40",
          },
          {
            internalType: "uint32",
            name: "periodLength",
            type: "uint32",
          },
          {
            internalType: "uint8",
            name: "challenges",
            type: "uint8",
          },
          {
            internalType: "uint8",
            name: "misses",
            type: "uint8",
          },
          {
            internalType: "enum DealStatus",
            name: "status",
            type: "uint8",
          },
          {
            internalType: "uint56",
            name: "size",
            type: "uint56",
          },
          {
            internalType: "uint8",
            name: "depth",
            type: "uint8",
          },
          {
            internalType: "uint32",
            name: "periods",
            type: "uint32",
          },
          {
            internalType: "uint32",
            name: "cursor",
            type: "uint32",
          },
          {
            internalType: "uint128",
            name: "pricePerPeriod",
            type: "uint128",
          },
          {
            internalType: "uint128",
            name: "collateral",
            type: "uint128",
          },
          {
            internalType: "address",
            name: "client",
            type: "address",
          },
        ],
        internalType: "struct Deal",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "host",
        type: "address",
      },
    ],
    name: "getHost",
    outputs: [
      {
        components: [
          {
            internalType: "uint128",
            name: "earned",
            type: "uint128",
          },
          {
            internalType: "uint64",
            name: "used",
            type: "uint64",
          },
          {
            internalType: "uint64",
            name: "capacity",
            type: "uint64",
          },
          {
            internalType: "uint128",
            name: "pricePerGiBPerPeriod",
            type: "uint128",
          },
          {
            internalType: "uint128",
            name: "collateralPerGiB",
            type: "uint128",
          },
          {
            internalType: "string",
            name: "endpoint",
            type: "string",
          },
        ],
        internalType: "struct Host",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "nonce",
        type: "uint256",
      },
    ],
    name: "invalidateNonce",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [],
    name: "maxMisses",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "client",
        type: "address",
      },
      {
        internalType: "uint256",
        name: "nonce",
        type: "uint256",
      },
    ],
    name: "nonceUsed",
    outputs: [
      {
        internalType: "bool",
        name: "",
        type: "bool",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "epoch",
        type: "uint256",
      },
    ],
    name: "pokeSeed",
    outputs: [
      {
        internalType: "bytes32",
        name: "seed",
        type: "bytes32",
      },
    ],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
      {
        components: [
          {
            internalType: "uint256",
            name: "chainId",
            type: "uint256",
          },
          {
            internalType: "address",
            name: "market",
            type: "address",
          },
          {
            internalType: "address",
            name: "client",
            type: "address",
          },
          {
            internalType: "address",
            name: "host",
            type: "address",
          },
          {
            internalType: "bytes32",
            name: "root",
            type: "bytes32",
          },
          {
            internalType: "uint256",
            name: "size",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "start",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "periods",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "periodLength",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "pricePerPeriod",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "collateral",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "challengesPerPeriod",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "nonce",
            type: "uint256",
          },
          {
            internalType: "uint256",
            name: "deadline",
            type: "uint256",
          },
        ],
        internalType: "struct Messages.StorageDeal",
        name: "terms",
        type: "tuple",
      },
      {
        internalType: "bytes",
        name: "signature",
        type: "bytes",
      },
    ],
    name: "renewDeal",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "DealId",
        name: "id",
        type: "bytes32",
      },
    ],
    name: "reportMissed",
    outputs: [
      {
        internalType: "uint256",
        name: "settled",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "epoch",
        type: "uint256",
      },
    ],
    name: "seedOf",
    outputs: [
      {
        internalType: "bytes32",
        name: "",
        type: "bytes32",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: "uint64",
            name: "capacity",
            type: "uint64",
          },
          {
            internalType: "uint128",
            name: "pricePerGiBPerPeriod",
            type: "uint128",
          },
          {
            internalType: "uint128",
            name: "collateralPerGiB",
            type: "uint128",
          },
          {
            internalType: "string",
            name: "endpoint",
            type: "string",
          },
        ],
        internalType: "struct HostTerms",
        name: "terms",
        type: "tuple",
      },
    ],
    name: "setHost",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [],
    name: "slashBps",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        components: [
          {
            internalType: "DealId",
            name: "id",
            type: "bytes32",
          },
          {
            internalType: "uint256",
            name: "period",
            type: "uint256",
          },
          {
            internalType: "bytes32[]",
            name: "data",
            type: "bytes32[]",
          },
        ],
        internalType: "struct PeriodProof[]",
        name: "proofs",
        type: "tuple[]",
      },
    ],
    name: "submitProofs",
    outputs: [
      {
        internalType: "uint256",
        name: "accepted",
        type: "uint256",
      },
    ],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [],
    name: "token",
    outputs: [
      {
        internalType: "contract IERC20",
        name: "",
        type: "address",
      },
    ],
    stateMutability: "view",
    type: "function",
  }
] as const;
